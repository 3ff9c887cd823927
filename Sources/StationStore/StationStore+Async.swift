import GRDB
import ReturnsCore

extension StationStore {
    /// `commit` on GRDB's writer queue, so the caller's actor stays free to queue the next batch meanwhile.
    public func commitAsync(_ batch: [JournalEntry]) async throws(StoreError) -> [CommittedScan] {
        guard !batch.isEmpty else { return [] }
        let stationID = self.stationID
        do {
            return try await pool.write { db in try batch.map { try Self.append($0, stationID: stationID, db) } }
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
