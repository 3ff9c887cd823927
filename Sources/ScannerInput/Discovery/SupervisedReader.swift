/// What ``ReaderSupervisor`` knows about one identity; also what the supervisor API lists.
public struct SupervisedReader: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// A reader task runs (or is being started) since this monotonic time.
        case running(since: UInt64)
        /// The reader failed; it is restarted at this monotonic time.
        case waiting(until: UInt64)
    }

    /// The device being read (the latest add or change event for it).
    public var device: DiscoveredDevice
    public var selection: DeviceSelection
    public var state: State
    /// Failures since the reader last ran for `healthyAfter`; drives the backoff.
    public var consecutiveFailures = 0
    /// The last failure, as text for the supervisor API and logs.
    public var lastError: String?
    /// Other devices claiming the same identity, started in order when this one goes away.
    public var standby: [DiscoveredDevice] = []

    public var isRunning: Bool {
        if case .running = state { true } else { false }
    }
}
