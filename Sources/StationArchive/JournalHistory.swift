import ReturnsCore
import StationStore

/// The whole journal as a supervisor asks for it: the archive files for what left the live database, the
/// store for the rest, in one seq order. Blocks on the disk: run it off the cooperative pool.
public struct JournalHistory: Sendable {
    public let store: StationStore
    public let archive: JournalArchive

    public init(store: StationStore, archive: JournalArchive) {
        self.store = store
        self.archive = archive
    }

    /// Scans after `seq`, oldest first, at most `limit`, wherever they are now.
    public func scans(after seq: Int64, limit: Int) throws(ArchiveError) -> [JournalRecord] {
        do {
            // Members and live rows from one transaction; the members' bytes never change once recorded.
            let page = try store.journalPage(after: seq, limit: limit)
            var found = page.live
            for member in page.members {
                // Members arrive by first seq: once the page is full and this member starts after its last scan,
                // no later member can hold a smaller seq either.
                if found.count >= limit, let last = found.sorted(by: { $0.seq < $1.seq }).dropFirst(limit - 1).first,
                   member.firstSeq > last.seq { break }
                found += try archive.records(of: member).filter { $0.seq > seq }.map { $0.journalRecord() }
            }
            return Array(found.sorted { $0.seq < $1.seq }.prefix(limit))
        } catch {
            throw ArchiveError.from(error)
        }
    }

    /// A stored session, closed or cancelled, with every item and scan, wherever they are now.
    public struct Session: Sendable {
        public var status: String
        public var items: [SessionItem]
        public var scans: [JournalRecord]
    }

    /// Nil for a session the store does not know (open sessions not yet stored included).
    public func session(_ id: String) throws(ArchiveError) -> Session? {
        do {
            guard let stored = try store.sessionHistory(id) else { return nil }
            var archived: [ArchivedScan] = []
            for member in stored.members {
                archived += try archive.records(of: member, containing: id).filter { $0.sessionID == id }
            }
            // Items in the order they were added (their rowid), wherever each is now.
            var items: [(rowid: Int64, item: SessionItem)] = stored.liveItems
            for scan in archived {
                if let item = try scan.sessionItem() { items.append((scan.itemRowID ?? 0, item)) }
            }
            let scans = archived.map { $0.journalRecord() } + stored.liveScans
            return Session(status: stored.status, items: items.sorted { $0.rowid < $1.rowid }.map(\.item),
                           scans: scans.sorted { $0.seq < $1.seq })
        } catch {
            throw ArchiveError.from(error)
        }
    }
}
