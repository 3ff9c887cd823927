import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import Synchronization
import SystemdIntegration

/// Talks to systemd: READY=1 once the store is open, the devices started and the supervisor socket
/// listens; STATUS= with a one-line summary; WATCHDOG=1 only after the scan pipeline answered a
/// heartbeat; RELOADING=1 around SIGHUP; STOPPING=1 as soon as SIGTERM arrives.
public final class SystemdService: Service, Sendable {
    let runtime: StationRuntime
    let notifier: SystemdNotifier
    let watchdog: WatchdogConfiguration?
    let reload: @Sendable () async -> String?
    let readiness: ReadinessLatch
    /// Set once READY=1 is sent: STATUS refreshes and watchdog pings only follow it.
    private let readySent = Atomic<Bool>(false)

    /// `reload` re-reads the configuration and returns an error text when it was refused; READY=1 is
    /// sent when `readiness` has seen every part start.
    public init(runtime: StationRuntime, notifier: SystemdNotifier, watchdog: WatchdogConfiguration?, readiness: ReadinessLatch,
                reload: @escaping @Sendable () async -> String?) {
        self.runtime = runtime
        self.notifier = notifier
        self.watchdog = watchdog
        self.readiness = readiness
        self.reload = reload
    }

    private func sendReady() async {
        let status = await summary()
        send([.ready, .status(status)])
        readySent.store(true, ordering: .releasing)
        runtime.logger.info("ready", metadata: ["status": "\(status)"])
    }

    public func run() async throws {
        let (ready, readySignal) = AsyncStream<Void>.makeStream()
        readiness.whenReady { readySignal.yield(); readySignal.finish() }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                for await _ in ready { await self.sendReady() }
            }
            group.addTask { await self.beat() }
            group.addTask {
                for await signal in await UnixSignalsSequence(trapping: .sighup, .sigterm, .sigint) {
                    if signal == .sighup {
                        self.send([NotifyState.reloadingNow(), .status("reloading configuration")])
                        let problem = await self.reload()
                        let status = await self.summary()
                        self.send([.ready, .status(problem.map { "reload refused: \($0); running on the previous configuration" } ?? status)])
                    } else {
                        self.send([.stopping, .status("stopping: finishing scans in flight")])
                        return
                    }
                }
            }
            try await gracefulShutdown()
            group.cancelAll()
        }
    }

    /// Every few seconds: ask the pipeline for a heartbeat, ping the watchdog if it answered, refresh STATUS.
    private func beat() async {
        let interval = min(watchdog.map { $0.pingInterval / 2 } ?? .seconds(5), .seconds(5))
        var gate = watchdog.map { WatchdogGate<ContinuousClock.Instant>(configuration: $0) }
        while !Task.isCancelled {
            do {
                _ = try await runtime.pipeline.heartbeat()
                gate?.recordHeartbeat(at: .now)
            } catch {
                runtime.logger.error("pipeline heartbeat failed; the watchdog is not pinged", metadata: ["error": "\(error)"])
            }
            // systemd arms the watchdog at READY=1; pinging earlier would only prove start-up is slow.
            if readySent.load(ordering: .acquiring), var g = gate {
                switch g.decide(at: .now) {
                case .ping: send([.watchdog])
                case .wait: break
                case .withhold(let age): runtime.logger.error("scan pipeline not answering; withholding WATCHDOG=1", metadata: ["age": "\(age.map { "\($0)" } ?? "never")"])
                }
                gate = g
            }
            if readySent.load(ordering: .acquiring) { send([.status(await summary())]) }
            try? await Task.sleep(for: interval)
        }
    }

    func summary() async -> String {
        let devices = runtime.devices.all
        let reading = devices.filter { $0.state == .reading }.count
        let outbox = runtime.store.gauges.outboxDepth
        let open = runtime.pipeline.published.snapshot.openSessionCount
        let summary = "\(reading)/\(devices.count) devices reading, \(open) open returns, \(outbox) notes unsynced"
        guard let failure = runtime.storeHealth.failure else { return summary }
        return "STORE FAILING, scans not acknowledged: \(failure.message); " + summary
    }

    private func send(_ states: [NotifyState]) {
        do { _ = try notifier.send(states) } catch {
            runtime.logger.warning("sd_notify failed", metadata: ["error": "\(error)"])
        }
    }
}
