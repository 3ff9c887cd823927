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

    /// Scans after `seq`, oldest first, at most `limit`: archived ones first, then live ones.
    public func scans(after seq: Int64, limit: Int) throws(ArchiveError) -> [JournalRecord] {
        do {
            let through = try store.archivedThrough()
            var found: [JournalRecord] = []
            if seq < through {
                let members = try store.archiveMembers().filter { $0.lastSeq > seq }.sorted { $0.firstSeq < $1.firstSeq }
                for member in members {
                    // Members of different months may overlap in seq when the clock was set back; stop once the
                    // page is full and no later member can hold a smaller seq.
                    if found.count >= limit, let last = found.sorted(by: { $0.seq < $1.seq }).dropFirst(limit - 1).first,
                       member.firstSeq > last.seq { break }
                    found += try archive.records(of: member).filter { $0.seq > seq }.map { $0.journalRecord() }
                }
                found.sort { $0.seq < $1.seq }
                found = Array(found.prefix(limit))
            }
            if found.count < limit {
                found += try store.scans(after: max(seq, through), limit: limit - found.count)
            }
            return found
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
    public func session(_ id: String, nowMillis: Int64) throws(ArchiveError) -> Session? {
        do {
            guard let live = try store.session(id), let span = try store.sessionSpan(id) else { return nil }
            var archived: [ArchivedScan] = []
            for member in try store.archiveMembers(overlappingFromMillis: span.openedAtMillis, toMillis: span.endedAtMillis ?? nowMillis) {
                archived += try archive.records(of: member, containing: id).filter { $0.sessionID == id }
            }
            archived.sort { $0.seq < $1.seq }
            let liveScans = try store.scans(after: 0, sessionID: id, limit: StationStore.largestRead)
            return Session(status: live.status, items: try archived.compactMap { try $0.sessionItem() } + live.items,
                           scans: archived.map { $0.journalRecord() } + liveScans)
        } catch {
            throw ArchiveError.from(error)
        }
    }
}
