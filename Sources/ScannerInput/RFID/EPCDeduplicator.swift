/// Counts a tag once while it stays in the reader's field.
///
/// A tag on the antenna is reported tens of times a second. The first read of an EPC is `.first`
/// (becomes a scan); reads of it within `window` of its *previous* read are `.duplicate` and only
/// tallied. The window slides, so a tag lying on the reader for a minute is still one item; it
/// counts again only after it has been out of the field for longer than `window`.
///
/// Memory is bounded: ``expire(now:)`` removes EPCs not seen for a window and returns their tallies
/// (for one summary row instead of one row per read), and at most `capacity` EPCs are tracked.
public struct EPCDeduplicator: Sendable {
    public enum Outcome: Sendable, Hashable {
        case first(EPCRead)
        /// `count` is how many duplicates of this EPC have been seen so far in its window.
        case duplicate(EPCRead, count: Int)
    }

    /// What became of one EPC's window once it expired.
    public struct Tally: Sendable, Hashable {
        public var epc: String
        public var firstSeenNanos: UInt64
        public var lastSeenNanos: UInt64
        public var duplicates: Int

        public init(epc: String, firstSeenNanos: UInt64, lastSeenNanos: UInt64, duplicates: Int) {
            self.epc = epc
            self.firstSeenNanos = firstSeenNanos
            self.lastSeenNanos = lastSeenNanos
            self.duplicates = duplicates
        }
    }

    public let windowNanos: UInt64
    public let capacity: Int
    private var entries: [String: Tally] = [:]
    /// Duplicates over the deduplicator's lifetime, including those of expired or evicted EPCs.
    public private(set) var totalDuplicates = 0

    public init(window: Duration = .seconds(2), capacity: Int = 50_000) {
        self.windowNanos = window.clampedNanoseconds
        self.capacity = max(1, capacity)
    }

    /// EPCs currently inside their window.
    public var trackedCount: Int { entries.count }

    public mutating func handle(_ read: EPCRead, now: UInt64) -> Outcome {
        if var entry = entries[read.epc], now &- entry.lastSeenNanos <= windowNanos {
            entry.lastSeenNanos = now
            entry.duplicates += 1
            entries[read.epc] = entry
            totalDuplicates += 1
            return .duplicate(read, count: entry.duplicates)
        }
        if entries[read.epc] == nil && entries.count >= capacity {
            makeRoom(now: now)
        }
        entries[read.epc] = Tally(epc: read.epc, firstSeenNanos: now, lastSeenNanos: now, duplicates: 0)
        return .first(read)
    }

    /// Forgets EPCs not seen within the window and returns their tallies (oldest first).
    public mutating func expire(now: UInt64) -> [Tally] {
        let expired = entries.values.filter { now &- $0.lastSeenNanos > windowNanos }
        for tally in expired { entries[tally.epc] = nil }
        return expired.sorted { ($0.firstSeenNanos, $0.epc) < ($1.firstSeenNanos, $1.epc) }
    }

    /// At capacity: drop expired entries, else the least recently seen one. Rare (a tote holds far
    /// fewer tags than `capacity`), so the linear scan is acceptable.
    private mutating func makeRoom(now: UInt64) {
        _ = expire(now: now)
        guard entries.count >= capacity,
              let oldest = entries.values.min(by: { $0.lastSeenNanos < $1.lastSeenNanos }) else { return }
        entries[oldest.epc] = nil
    }
}
