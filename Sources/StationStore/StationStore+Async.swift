import GRDB
import Foundation
import ReturnsCore

extension StationStore {
    /// `commit` on GRDB's writer queue, so the caller's actor stays free to queue the next batch meanwhile.
    public func commitAsync(_ batch: [JournalEntry]) async throws(StoreError) -> [CommittedScan] {
        guard !batch.isEmpty else { return [] }
        let stationID = self.stationID
        do {
            return try await pool.write { db in try Self.append(batch, stationID: stationID, db) }
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    public func orderAsync(_ number: String) async throws(StoreError) -> SalesOrder? {
        do { return try await pool.read { db in try Self.fetchOrder(db, number: number) } } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }
}

extension StationStore {
    /// Store reads for callers on Swift's cooperative pool (the supervisor socket). The synchronous reads block
    /// their thread while SQLite works, and the box has two cooperative threads: a large read there stalls the
    /// scan pipeline. This runs `body` on a queue of its own instead; WAL lets it read beside the writer.
    public func offCooperativePool<T: Sendable>(
        _ body: @escaping @Sendable (StationStore) throws -> T
    ) async throws(StoreError) -> T {
        let path = self.path
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            Self.readQueue.async {
                do { continuation.resume(returning: .success(try body(self))) } catch {
                    continuation.resume(returning: .failure(error as? StoreError ?? StoreError.wrapping(error, path: path)))
                }
            }
        }
        return try result.get()
    }

    private static let readQueue: DispatchQueue = {
        let queue = DispatchQueue(label: "returnsd.store-reads", attributes: .concurrent)
        queue.setSpecific(key: readQueueKey, value: ())
        return queue
    }()

    // nonisolated(unsafe): the key is immutable and serves only as an identity; Dispatch does not mark it Sendable.
    nonisolated(unsafe) private static let readQueueKey = DispatchSpecificKey<Void>()

    /// Whether the caller runs on the queue `offCooperativePool` uses (for tests of that promise).
    public static var isOnReadQueue: Bool { DispatchQueue.getSpecific(key: readQueueKey) != nil }

    /// The most rows one `scans`/`notes` read returns. The supervisor API refuses a page size outside its range
    /// with 400; the store clamps as a backstop, because SQLite reads a negative LIMIT as "no limit".
    public static let largestRead = 10_000

    static func rows(_ limit: Int) -> Int { min(max(limit, 1), largestRead) }
}
