import Foundation
import ReturnsCore

/// Wall time, monotonic time and the calendar day, injectable so tests and replays are reproducible.
public struct StationClock: Sendable {
    public var wallMillis: @Sendable () -> Int64
    public var monotonicNanos: @Sendable () -> UInt64
    /// The station's calendar day for a wall time.
    public var today: @Sendable (Int64) -> LocalDate

    public init(wallMillis: @escaping @Sendable () -> Int64, monotonicNanos: @escaping @Sendable () -> UInt64,
                today: @escaping @Sendable (Int64) -> LocalDate) {
        self.wallMillis = wallMillis
        self.monotonicNanos = monotonicNanos
        self.today = today
    }

    /// The system clocks; the day in the machine's local time zone, where the dock is.
    public static let system = StationClock(
        wallMillis: { Int64(Date().timeIntervalSince1970 * 1000) },
        monotonicNanos: { DispatchTime.now().uptimeNanoseconds },
        today: { millis in
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
            return LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? LocalDate(daysSinceEpoch: 0)
        })

    /// The system clocks with the calendar day pinned (replays of old scripts, the demo).
    public static func pinned(today day: LocalDate) -> StationClock {
        var clock = StationClock.system
        clock.today = { _ in day }
        return clock
    }
}
