/// Everything about one scan besides its text that a decision may depend on. Injected, so decisions are
/// reproducible in tests and on replay.
public struct ScanContext: Hashable, Sendable {
    /// The lane the scan belongs to.
    public var lane: String
    public var device: String
    /// A fresh unique id (UUID) for whatever this scan creates: the scan itself, a session, a note.
    public var scanID: String
    /// Wall clock, milliseconds since 1970, for records a person reads.
    public var wallMillis: Int64
    /// Monotonic nanoseconds, for windows that must not jump with the wall clock.
    public var monotonicNanos: UInt64
    /// The station's calendar day, for return windows.
    public var today: LocalDate

    public init(lane: String, device: String, scanID: String, wallMillis: Int64, monotonicNanos: UInt64, today: LocalDate) {
        self.lane = lane
        self.device = device
        self.scanID = scanID
        self.wallMillis = wallMillis
        self.monotonicNanos = monotonicNanos
        self.today = today
    }
}
