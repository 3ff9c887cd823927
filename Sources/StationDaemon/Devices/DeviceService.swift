import StationConfig
import Foundation
import Logging
import ReturnsCore
import ScannerInput
import ServiceLifecycle
import Synchronization

/// Reads every configured device: each in a child task that owns a reader thread, reopening the device
/// with backoff when it fails or vanishes, and restarting exactly the devices a reload changed.
public final class DeviceService: Service, Sendable {
    let runtime: StationRuntime
    let presence: DevicePresence
    let feedback: FeedbackRunner
    private let desired: AsyncStream<[DeviceConfiguration]>
    private let desire: AsyncStream<[DeviceConfiguration]>.Continuation
    private let running = Mutex<[String: (DeviceConfiguration, StopSignal)]>([:])
    /// Called once every configured device has had its first open attempt (READY=1 waits for it).
    private let started: @Sendable () -> Void

    public init(runtime: StationRuntime, presence: DevicePresence, feedback: FeedbackRunner, started: @escaping @Sendable () -> Void = {}) {
        self.runtime = runtime
        self.presence = presence
        self.feedback = feedback
        self.started = started
        (desired, desire) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        desire.yield(runtime.configuration.devices)
    }

    /// Replaces the set of devices (SIGHUP): removed and changed devices stop, new and changed ones start.
    public func reconfigure(_ devices: [DeviceConfiguration]) { desire.yield(devices) }

    public func run() async throws {
        let presenceStop = StopSignal()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await runOnDedicatedThread(name: "udev", stop: presenceStop) { try self.presence.follow(stop: $0) } }
                group.addTask { await self.feedback.run() }
                var first = true
                for await devices in desired {
                    apply(devices, in: &group)
                    if first {
                        first = false
                        // One poll period lets every reader make its first open attempt before READY=1.
                        try? await Task.sleep(for: .milliseconds(Int(DeviceReaders.pollMillis) * 2))
                        started()
                    }
                }
                presenceStop.stop()
                feedback.finish()
            }
        } onGracefulShutdown: {
            // Stop taking scans: readers end within a poll period; scans already read finish their commit.
            self.desire.finish()
            for (_, stop) in self.running.withLock({ $0.values }) { stop.stop() }
        }
    }

    private func apply(_ devices: [DeviceConfiguration], in group: inout ThrowingDiscardingTaskGroup<any Error>) {
        let wanted = Dictionary(devices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var toStart: [DeviceConfiguration] = []
        running.withLock { running in
            for (id, (config, stop)) in running where wanted[id] != config {
                stop.stop()
                running[id] = nil
            }
            for device in devices where running[device.id] == nil {
                running[device.id] = (device, StopSignal())
                toStart.append(device)
            }
        }
        runtime.devices.configure(devices, lanes: runtime.live.current.configuration.lanes.merging(devices))
        for device in toStart {
            guard let stop = running.withLock({ $0[device.id]?.1 }) else { continue }
            group.addTask { await self.keepReading(device, stop: stop) }
        }
    }

    /// Opens and reads one device until stopped; failures are retried with backoff (0.5 s doubling to 30 s).
    func keepReading(_ device: DeviceConfiguration, stop: StopSignal) async {
        let logger = runtime.logger.with(device: device.id)
        var backoff: Duration = .milliseconds(500)
        var announcedAbsent = false
        while !stop.isStopped && !Task.isCancelled {
            guard let path = device.path ?? presence.find(device)?.devnode,
                  device.kind == .lines || FileManager.default.fileExists(atPath: path) else {
                if !announcedAbsent {
                    logger.info("device not present; waiting for it")
                    runtime.devices.update(device.id) { $0.state = .absent }
                    runtime.events.publish(StationEvent(type: "deviceAbsent", device: device.id, atMillis: runtime.clock.wallMillis()))
                    announcedAbsent = true
                }
                await stop.sleep(upTo: .milliseconds(250))
                continue
            }
            announcedAbsent = false
            let started = ContinuousClock.now
            do {
                try await read(device, path: path, stop: stop, logger: logger)
                runtime.devices.update(device.id) { $0.state = .stopped }
                if device.kind == .lines && device.path != nil && !DeviceReaders.isFIFO(path) { return }  // a file was read to its end
            } catch {
                runtime.metrics.deviceError(device.id)
                runtime.devices.update(device.id) { $0.state = .failed; $0.errors += 1; $0.lastError = "\(error)" }
                runtime.events.publish(StationEvent(type: "deviceFailed", device: device.id, detail: "\(error)", atMillis: runtime.clock.wallMillis()))
                logger.warning("device failed; retrying", metadata: ["path": "\(path)", "error": "\(error)", "retryIn": "\(backoff)"])
                if ContinuousClock.now - started > .seconds(60) { backoff = .milliseconds(500) }  // it had been healthy
                await stop.sleep(upTo: backoff)  // SIGTERM during the backoff stops at once
                backoff = min(backoff * 2, .seconds(30))
            }
        }
    }

    /// One open-read cycle: the reader thread decodes; this task submits what has arrived and queues feedback.
    private func read(_ device: DeviceConfiguration, path: String, stop: StopSignal, logger: Logger) async throws {
        let inbox = ScanInbox()
        let mailbox = FeedbackMailbox()
        let runtime = self.runtime
        let sourceCanWait = DeviceReaders.sourceCanWait(device, path: path)
        let sink = ReaderSink(
            scan: { raw, fromRFID in
                guard let lost = inbox.put(raw, fromRFID: fromRFID, evictingWhenFull: !sourceCanWait) else { return }
                // Never acknowledged, so nothing promised is lost; but nobody may lose a read without being told.
                let text = String(decoding: lost.bytes, as: UTF8.self)
                logger.error("scan inbox full: the oldest unstored read was dropped, rescan it",
                             metadata: ["read": "\(text)", "capacity": "\(inbox.capacity)"])
                runtime.metrics.readDropped(device.id)
                runtime.events.publish(StationEvent(type: "readDropped", device: device.id, detail: "inbox full; dropped \(text)",
                                                    atMillis: runtime.clock.wallMillis()))
            },
            dropped: { dropped in
                logger.warning("partial scan dropped", metadata: ["reason": "\(dropped.reason)"])
                runtime.events.publish(StationEvent(type: "scanDropped", device: device.id, detail: "\(dropped.reason)", atMillis: runtime.clock.wallMillis()))
            },
            feedbackFailed: { error in
                logger.warning("feedback not written; the device is not taking output", metadata: ["error": "\(error)"])
                runtime.metrics.deviceError(device.id)
            },
            opened: { description in
                logger.info("device open", metadata: ["source": "\(description)"])
                runtime.devices.update(device.id) { $0.state = .reading; $0.path = path }
                runtime.events.publish(StationEvent(type: "deviceReading", device: device.id, detail: description, atMillis: runtime.clock.wallMillis()))
            },
            feedback: mailbox,
            waitForRoom: { if sourceCanWait { inbox.waitForRoom(unless: stop) } })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { inbox.finish() }
                try await runOnDedicatedThread(name: "device \(device.id)", stop: stop) { stop in
                    try DeviceReaders.run(device, path: path, sink: sink, stop: stop)
                }
            }
            group.addTask {
                // Everything that arrived while the previous commit ran goes in together: a tote of tags
                // read at once costs one transaction, not one per tag.
                while let burst = await inbox.takeAll() {
                    await self.submit(burst, device: device, mailbox: mailbox)
                }
            }
            try await group.waitForAll()
        }
    }

    /// Submits scans that arrived together and, once stored (or failed to be), queues each one's signal.
    private func submit(_ burst: [(RawScan, Bool)], device: DeviceConfiguration, mailbox: FeedbackMailbox) async {
        let inputs = burst.map { raw, fromRFID in
            ScanInput(device: device.id, bytes: raw.bytes, symbologyHint: raw.symbologyHint, fromRFID: fromRFID,
                      monotonicNanos: raw.monotonicNanos, wallMillis: runtime.clock.wallMillis())
        }
        var signals: [FeedbackClass] = []
        if device.kind == .rfid {
            // A tote of tags read at once: one transaction for all of them.
            do { signals = try await runtime.pipeline.submit(contentsOf: inputs).map(\.decision.feedback) } catch {
                signals = Array(repeating: .rejected, count: inputs.count)  // not stored, not acknowledged
            }
        } else {
            // Barcodes in order, a backlog in as few transactions as the ledger allows: an order scan first
            // refreshes its order from the ledger, and the items after it must be decided against that.
            signals = await runtime.pipeline.submitInOrder(inputs).map { result in
                (try? result.get())?.decision.feedback ?? .rejected  // not stored, not acknowledged
            }
        }
        for signal in signals {
            switch signal {
            case .good, .sessionClosed: if let bytes = device.goodReadBytes { mailbox.post(bytes) }
            case .rejected, .exception: if let bytes = device.badReadBytes { mailbox.post(bytes) }
            case .none: break
            }
            feedback.signal(signal, device: device.id)
        }
    }
}

extension LaneMap {
    /// This map with the lanes of `devices` (a reload may add devices with lanes).
    func merging(_ devices: [DeviceConfiguration]) -> LaneMap {
        var assignments = self.assignments
        for d in devices { if let lane = d.lane { assignments[d.id] = lane } }
        return LaneMap(assignments)
    }
}

extension Logger {
    func with(device: String) -> Logger {
        var copy = self
        copy[metadataKey: "device"] = "\(device)"
        return copy
    }
}
