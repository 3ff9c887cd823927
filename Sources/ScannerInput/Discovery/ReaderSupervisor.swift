/// Decides when readers start, stop and restart as devices come and go: a state machine as a value.
///
/// The daemon feeds it what happened (a device appeared or disappeared, a reader failed, time
/// passed) and performs the actions it returns (start a reader task, cancel one, wake up later).
/// Time is injected as monotonic nanoseconds, so it is tested with a fake clock.
///
/// ```swift
/// var supervisor = ReaderSupervisor(selector: selector)
/// for action in supervisor.handle(.appeared(device), now: clock.now) {
///     switch action {
///     case .start(let device, let kind): group.addTask { try await runReader(device, kind) }
///     case .stop(let identity): cancel(identity)
///     case .retry(_, let at): wakeUp(at)       // then: supervisor.handle(.tick, now: at)
///     case .conflict(let device, let identity): log(device, identity)
///     }
/// }
/// ```
///
/// A device is keyed by its ``DeviceIdentity``, so a re-plugged scanner is restarted under the same
/// name (and keeps its lane). Removal is keyed by syspath, which the kernel's remove event carries
/// even though the device's attributes are gone by then.
public struct ReaderSupervisor: Sendable {
    public enum Event: Sendable {
        case appeared(DiscoveredDevice)
        case disappeared(syspath: String)
        /// The reader of `identity` ended with `error` (end of file counts: the device went away).
        /// Not for readers ended by a `.stop` action.
        case readerFailed(DeviceIdentity, error: any Error)
        /// Everything present after an enumeration (start-up, or after ``DeviceEvent/eventsLost``):
        /// readers of devices not listed are stopped, new ones started.
        case present([DiscoveredDevice])
        /// Time passed; due restarts happen. Call at ``nextDeadline``.
        case tick
    }

    public enum Action: Sendable, Hashable {
        case start(DiscoveredDevice, ReaderKind)
        case stop(DeviceIdentity)
        /// The reader waits; call `handle(.tick, now:)` at `at` (monotonic nanoseconds).
        case retry(DeviceIdentity, at: UInt64)
        /// A second device claims an identity that is in use (two units with the same factory serial
        /// number): it is kept on standby and started when the first one goes away.
        case conflict(DiscoveredDevice, with: DeviceIdentity)
    }

    public let selector: DeviceSelector
    public let backoff: ReaderBackoff
    public private(set) var readers: [DeviceIdentity: SupervisedReader] = [:]

    public init(selector: DeviceSelector, backoff: ReaderBackoff = .init()) {
        self.selector = selector
        self.backoff = backoff
    }

    /// The earliest pending restart, or `nil` when nothing waits.
    public var nextDeadline: UInt64? {
        readers.values.compactMap { if case .waiting(let until) = $0.state { until } else { nil } }.min()
    }

    public mutating func handle(_ event: Event, now: UInt64) -> [Action] {
        switch event {
        case .appeared(let device): appeared(device, now: now)
        case .disappeared(let syspath): disappeared(syspath: syspath, now: now)
        case .readerFailed(let identity, let error): failed(identity, error: error, now: now)
        case .present(let devices): present(devices, now: now)
        case .tick: tick(now: now)
        }
    }

    private mutating func appeared(_ device: DiscoveredDevice, now: UInt64) -> [Action] {
        let id = device.identity
        guard let selection = selector.select(device) else {
            // A change event can make a device unselected (rules reloaded): stop what read it.
            guard let reader = readers[id], reader.device.syspath == device.syspath else { return [] }
            return remove(id, now: now, wasRunning: reader.isRunning)
        }
        guard var reader = readers[id] else {
            readers[id] = SupervisedReader(device: device, selection: selection, state: .running(since: now))
            return [.start(device, selection.kind)]
        }
        if reader.device.syspath != device.syspath {
            // Reported once per device, not again on its change events or a re-enumeration.
            guard !reader.standby.contains(where: { $0.syspath == device.syspath }) else { return [] }
            reader.standby.append(device)
            readers[id] = reader
            return [.conflict(device, with: id)]
        }
        let kindChanged = reader.selection.kind != selection.kind
        reader.device = device
        reader.selection = selection
        guard kindChanged else {
            readers[id] = reader
            return []
        }
        let wasRunning = reader.isRunning
        reader.state = .running(since: now)
        reader.consecutiveFailures = 0
        readers[id] = reader
        return (wasRunning ? [.stop(id)] : []) + [.start(device, selection.kind)]
    }

    private mutating func disappeared(syspath: String, now: UInt64) -> [Action] {
        for (id, var reader) in readers {
            if reader.device.syspath == syspath { return remove(id, now: now, wasRunning: reader.isRunning) }
            if let index = reader.standby.firstIndex(where: { $0.syspath == syspath }) {
                reader.standby.remove(at: index)
                readers[id] = reader
                return []
            }
        }
        return []
    }

    /// Forgets the active device of `id`; a standby device with the same identity takes over.
    private mutating func remove(_ id: DeviceIdentity, now: UInt64, wasRunning: Bool) -> [Action] {
        guard let reader = readers.removeValue(forKey: id) else { return [] }
        var actions: [Action] = wasRunning ? [.stop(id)] : []
        var standby = reader.standby
        while !standby.isEmpty {
            let next = standby.removeFirst()
            guard let selection = selector.select(next) else { continue }
            readers[id] = SupervisedReader(device: next, selection: selection, state: .running(since: now), standby: standby)
            actions.append(.start(next, selection.kind))
            break
        }
        return actions
    }

    private mutating func failed(_ id: DeviceIdentity, error: any Error, now: UInt64) -> [Action] {
        // A failure report for a reader that was stopped or is already waiting is stale.
        guard var reader = readers[id], case .running(let since) = reader.state else { return [] }
        if now &- since >= backoff.healthyAfter.clampedNanoseconds { reader.consecutiveFailures = 0 }
        reader.consecutiveFailures += 1
        reader.lastError = String(describing: error)
        let until = now &+ backoff.delayNanos(afterFailures: reader.consecutiveFailures)
        reader.state = .waiting(until: until)
        readers[id] = reader
        return [.retry(id, at: until)]
    }

    private mutating func present(_ devices: [DiscoveredDevice], now: UInt64) -> [Action] {
        let syspaths = Set(devices.map(\.syspath))
        var actions: [Action] = []
        let known = readers.values.flatMap { [$0.device.syspath] + $0.standby.map(\.syspath) }
        for syspath in known.sorted() where !syspaths.contains(syspath) {
            actions += disappeared(syspath: syspath, now: now)
        }
        for device in devices { actions += appeared(device, now: now) }
        return actions
    }

    private mutating func tick(now: UInt64) -> [Action] {
        var actions: [Action] = []
        for id in readers.keys.sorted() {
            guard var reader = readers[id], case .waiting(let until) = reader.state, until <= now else { continue }
            reader.state = .running(since: now)
            readers[id] = reader
            actions.append(.start(reader.device, reader.selection.kind))
        }
        return actions
    }
}
