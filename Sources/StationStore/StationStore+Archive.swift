import Foundation
import GRDB
import ReturnsCore

/// One value of an archived column, as SQLite stored it: the archive keeps whole rows, so columns added by
/// later migrations are archived without anyone listing them.
public enum ArchivedValue: Hashable, Sendable, Codable {
    case null, integer(Int64), real(Double), text(String), blob([UInt8])

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let n): self = .integer(n)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .blob(let data): self = .blob([UInt8](data))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let n): n.databaseValue
        case .real(let d): d.databaseValue
        case .text(let s): s.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        }
    }

    // Integers and text as plain JSON; the rarer kinds tagged, so a reader never has to guess.
    private enum Tag: String, CodingKey { case real, blob }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() { self = .null; return }
            if let n = try? single.decode(Int64.self) { self = .integer(n); return }
            if let s = try? single.decode(String.self) { self = .text(s); return }
        }
        let tagged = try decoder.container(keyedBy: Tag.self)
        if let d = try tagged.decodeIfPresent(Double.self, forKey: .real) { self = .real(d); return }
        let base64 = try tagged.decode(String.self, forKey: .blob)
        guard let data = Data(base64Encoded: base64) else {
            throw DecodingError.dataCorruptedError(forKey: .blob, in: tagged, debugDescription: "blob is not base64")
        }
        self = .blob([UInt8](data))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .integer(let n): var c = encoder.singleValueContainer(); try c.encode(n)
        case .text(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .real(let d): var c = encoder.container(keyedBy: Tag.self); try c.encode(d, forKey: .real)
        case .blob(let b): var c = encoder.container(keyedBy: Tag.self); try c.encode(Data(b).base64EncodedString(), forKey: .blob)
        }
    }
}

/// One journal row leaving the live database: the scan, the session item it made (if any) and the decided
/// exceptions it raised, each as the whole row.
public struct ArchivedScan: Hashable, Sendable, Codable {
    public var seq: Int64
    public var scannedAtMillis: Int64
    public var sessionID: String?
    public var scan: [String: ArchivedValue]
    public var item: [String: ArchivedValue]?
    public var exceptions: [[String: ArchivedValue]]

    /// The scan as `GET /v1/scans` shows it, read the same way as a live row.
    public func journalRecord() -> JournalRecord {
        StationStore.journalRecord(Self.row(scan))
    }

    /// The session item, read the same way as a live one.
    public func sessionItem() throws(StoreError) -> SessionItem? {
        guard let item else { return nil }
        do { return try StationStore.item(Self.row(item)) } catch { throw StoreError.wrapping(error, path: "archive") }
    }

    /// The scan's own id (a UUID for live scans).
    public var scanID: String? {
        if case .text(let id)? = scan["id"] { id } else { nil }
    }

    /// The item's rowid in the live table: items keep the order they were added in (an approval adds one late).
    public var itemRowID: Int64? {
        if case .integer(let rowid)? = item?["item_rowid"] { rowid } else { nil }
    }

    static func row(_ columns: [String: ArchivedValue]) -> Row {
        Row(columns.mapValues { $0.databaseValue as (any DatabaseValueConvertible)? })
    }

    static func columns(_ row: Row) -> [String: ArchivedValue] {
        Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, ArchivedValue(row[$0] as DatabaseValue)) })
    }
}

/// A gzip member of an archive file as the store records it once its bytes are on disk.
public struct ArchiveMember: Hashable, Sendable, Codable {
    public var file: String
    public var offset: Int64
    public var length: Int64
    public var records: Int
    public var firstSeq: Int64
    public var lastSeq: Int64
    public var firstAtMillis: Int64
    public var lastAtMillis: Int64
    /// The checksum chain after the member's last record.
    public var head: String
    /// The chain's head before the member (the previous member's in the file); nil for a file's first member.
    public var previousHead: String?

    public init(file: String, offset: Int64, length: Int64, records: Int, firstSeq: Int64, lastSeq: Int64,
                firstAtMillis: Int64, lastAtMillis: Int64, head: String, previousHead: String?) {
        self.file = file
        self.offset = offset
        self.length = length
        self.records = records
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.firstAtMillis = firstAtMillis
        self.lastAtMillis = lastAtMillis
        self.head = head
        self.previousHead = previousHead
    }

    public var end: Int64 { offset + length }
}

/// A member written and flushed, with the scans it holds, for ``StationStore/commitArchived(_:members:atMillis:)``.
public struct ArchiveMemberWrite: Sendable {
    public var member: ArchiveMember
    public var seqs: [Int64]
    public var sessionIDs: Set<String>

    public init(member: ArchiveMember, records: [ArchivedScan]) {
        self.member = member
        seqs = records.map(\.seq)
        sessionIDs = Set(records.compactMap(\.sessionID))
    }
}

/// What may leave the live database from one window of the journal.
public struct ArchiveBatch: Sendable {
    /// The scans that may leave, in seq order, each with its item and exceptions.
    public var scans: [ArchivedScan]
    /// The last live seq the window looked at: the next window starts after it.
    public var windowLastSeq: Int64
    /// The window's last scan is younger than the cutoff: so is everything after it, and the run may stop.
    public var reachedYoungScans: Bool
    /// Scans of the window older than the cutoff that stay live: their return is open or waiting for the ledger,
    /// or their exception is undecided.
    public var heldBack: Int
    /// The rules the scans were chosen by, checked again when the batch commits.
    public var rules: ArchiveRules
}

/// When a scan may leave the live database.
public struct ArchiveRules: Sendable, Hashable {
    /// Scans taken at or after this stay live.
    public var cutoffMillis: Int64
    /// With a ledger, a closed return stays live until the ledger confirmed its note (the delivery is recorded
    /// against the closing scan); without one, closing finishes it.
    public var requireDelivery: Bool

    public init(cutoffMillis: Int64, requireDelivery: Bool) {
        self.cutoffMillis = cutoffMillis
        self.requireDelivery = requireDelivery
    }
}

extension StationStore {
    /// The next window of up to `limit` live scans after `seq`, and which of them may be archived: those older than
    /// the cutoff, not of a return that is open, finished after the cutoff or (with a ledger) waiting for the ledger,
    /// and without an undecided exception. A scan held back holds back only itself, so one forgotten exception does
    /// not stop the archive. Nil when no live scan follows `seq`.
    public func archiveWindow(after seq: Int64, limit: Int, rules: ArchiveRules) throws(StoreError) -> ArchiveBatch? {
        try read { db in
            guard let bounds = try Row.fetchOne(db, sql: """
                SELECT MIN(seq) AS first, MAX(seq) AS last FROM (SELECT seq FROM scans WHERE seq > ? ORDER BY seq LIMIT ?)
                """, arguments: [seq, max(1, limit)]), let first = bounds["first"] as Int64?, let last = bounds["last"] as Int64? else { return nil }
            let youngAtEnd = try Int64.fetchOne(db, sql: "SELECT scanned_at FROM scans WHERE seq = ?", arguments: [last]).map { $0 >= rules.cutoffMillis } ?? false
            var scans = try Row.fetchAll(db, sql: "SELECT s.* FROM scans s \(Self.archivableJoin) WHERE s.seq BETWEEN ? AND ? AND \(Self.archivable) ORDER BY s.seq",
                                         arguments: [first, last] + Self.arguments(rules)).map { row in
                ArchivedScan(seq: row["seq"], scannedAtMillis: row["scanned_at"], sessionID: row["session_id"],
                             scan: ArchivedScan.columns(row), item: nil, exceptions: [])
            }
            let old = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scans WHERE seq BETWEEN ? AND ? AND scanned_at < ?",
                                       arguments: [first, last, rules.cutoffMillis]) ?? 0
            guard let lo = scans.first?.seq, let hi = scans.last?.seq else {
                return ArchiveBatch(scans: [], windowLastSeq: last, reachedYoungScans: youngAtEnd, heldBack: old, rules: rules)
            }
            let index = Dictionary(uniqueKeysWithValues: scans.enumerated().map { ($1.seq, $0) })
            for row in try Row.fetchAll(db, sql: """
                SELECT i.rowid AS item_rowid, i.*, s.seq AS item_scan_seq FROM session_items i JOIN scans s ON s.id = i.scan_id
                WHERE s.seq BETWEEN ? AND ?
                """, arguments: [lo, hi]) {
                guard let at = index[row["item_scan_seq"]] else { continue }
                var columns = ArchivedScan.columns(row)
                columns["item_scan_seq"] = nil
                scans[at].item = columns
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exceptions WHERE scan_seq BETWEEN ? AND ? ORDER BY id", arguments: [lo, hi]) {
                if let at = index[row["scan_seq"]] { scans[at].exceptions.append(ArchivedScan.columns(row)) }
            }
            return ArchiveBatch(scans: scans, windowLastSeq: last, reachedYoungScans: youngAtEnd, heldBack: old - scans.count, rules: rules)
        }
    }

    private static let archivableJoin = """
        LEFT JOIN sessions se ON se.id = s.session_id
        LEFT JOIN return_notes n ON n.session_id = se.id LEFT JOIN outbox o ON o.note_id = n.id
        """

    /// A scan row `s` (joined as above) that may leave: arguments are the cutoff three times, then requireDelivery.
    private static let archivable = """
        s.scanned_at < ?
        AND (s.session_id IS NULL OR (se.status != 'open' AND se.ended_at IS NOT NULL AND se.ended_at < ?
             AND (se.status = 'cancelled' OR ? = 0 OR o.delivered_at IS NOT NULL)))
        AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.scan_seq = s.seq AND e.status = 'open')
        """

    private static func arguments(_ rules: ArchiveRules) -> StatementArguments {
        [rules.cutoffMillis, rules.cutoffMillis, rules.requireDelivery]
    }

    /// Records the members (whose bytes are already flushed to their files) and removes their scans with their
    /// items and exceptions, in one transaction. Refuses, changing nothing, when a scan is no longer archivable or a
    /// member does not continue its file where the store left it.
    public func commitArchived(_ batch: ArchiveBatch, members: [ArchiveMemberWrite], atMillis now: Int64) throws(StoreError) {
        try write { db in
            let ranges = members.map { Self.runs($0.seqs) }
            guard members.reduce(0, { $0 + $1.seqs.count }) == batch.scans.count else {
                throw StoreError(.corrupt, "archive members hold \(members.reduce(0) { $0 + $1.seqs.count }) records for \(batch.scans.count) scans")
            }
            // Still live and still archivable, every seq of every run: nothing else may be removed by a range.
            for run in ranges.joined() {
                let ready = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM scans s \(Self.archivableJoin) WHERE s.seq BETWEEN ? AND ? AND \(Self.archivable)",
                                               arguments: [run.lowerBound, run.upperBound] + Self.arguments(batch.rules)) ?? 0
                guard ready == run.upperBound - run.lowerBound + 1 else {
                    throw StoreError(.conflict, "scans \(run.lowerBound)–\(run.upperBound) changed while they were archived; nothing was removed")
                }
            }
            for (write, runs) in zip(members, ranges) {
                let memberID = try Self.insertMember(write.member, atMillis: now, db)
                for run in runs {
                    try db.execute(sql: "INSERT INTO archive_ranges(member_id, first_seq, last_seq) VALUES (?, ?, ?)",
                                   arguments: [memberID, run.lowerBound, run.upperBound])
                }
                for session in write.sessionIDs.sorted() {
                    try db.execute(sql: "INSERT OR IGNORE INTO archive_session_members(session_id, member_id) VALUES (?, ?)", arguments: [session, memberID])
                }
            }
            var removed = 0
            for run in ranges.joined() {
                let range: StatementArguments = [run.lowerBound, run.upperBound]
                try db.execute(sql: "DELETE FROM exceptions WHERE scan_seq BETWEEN ? AND ?", arguments: range)
                try db.execute(sql: "DELETE FROM session_items WHERE scan_id IN (SELECT id FROM scans WHERE seq BETWEEN ? AND ?)", arguments: range)
                try db.execute(sql: "DELETE FROM scans WHERE seq BETWEEN ? AND ?", arguments: range)
                removed += db.changesCount
            }
            guard removed == batch.scans.count else {
                throw StoreError(.corrupt, "archiving removed \(removed) scan rows, not \(batch.scans.count)")
            }
        }
    }

    private static func insertMember(_ member: ArchiveMember, atMillis now: Int64, _ db: Database) throws -> Int64 {
        let end = try committedEnd(db, file: member.file)
        guard end?.length ?? 0 == member.offset else {
            throw StoreError(.conflict, "archive member at \(member.file):\(member.offset) does not continue the file, which ends at \(end?.length ?? 0)")
        }
        try db.execute(sql: """
            INSERT INTO archive_members(file, offset, length, records, first_seq, last_seq, first_at, last_at, head, archived_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [member.file, member.offset, member.length, member.records, member.firstSeq, member.lastSeq,
                             member.firstAtMillis, member.lastAtMillis, member.head, now])
        return db.lastInsertedRowID
    }

    /// Consecutive seqs as closed ranges (a gap of any size starts a new one).
    static func runs(_ seqs: [Int64]) -> [ClosedRange<Int64>] {
        var runs: [ClosedRange<Int64>] = []
        for seq in seqs.sorted() {
            if let last = runs.last, last.upperBound + 1 == seq { runs[runs.count - 1] = last.lowerBound...seq } else { runs.append(seq...seq) }
        }
        return runs
    }

    /// Whether exception `id` existed once: ids only grow, so a lower one not in the table left with its archived scan.
    public func exceptionWasArchived(_ id: Int64) throws(StoreError) -> Bool {
        try read { db in
            guard try String.fetchOne(db, sql: "SELECT status FROM exceptions WHERE id = ?", arguments: [id]) == nil else { return false }
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'exceptions'") ?? 0
            return id > 0 && id <= highest
        }
    }

    /// The highest seq any member holds (0 before the first archive run).
    public func archivedThrough() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(last_seq), 0) FROM archive_members") ?? 0 }
    }

    /// Where the committed part of `file` ends, and the chain's head there; nil for a file with no member yet.
    public func committedEnd(file: String) throws(StoreError) -> (length: Int64, head: String)? {
        try read { db in try Self.committedEnd(db, file: file) }
    }

    static func committedEnd(_ db: Database, file: String) throws -> (length: Int64, head: String)? {
        try Row.fetchOne(db, sql: "SELECT offset + length AS end, head FROM archive_members WHERE file = ? ORDER BY offset DESC LIMIT 1",
                         arguments: [file]).map { ($0["end"], $0["head"]) }
    }

    /// How many of `scans` are still live, the same seq with the same scan id (for telling an unfinished run's
    /// bytes from records the live store does not have).
    public func liveScanCount(_ scans: [ArchivedScan]) throws(StoreError) -> Int {
        try read { db in
            try scans.reduce(0) { total, scan in
                total + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scans WHERE seq = ? AND id = ?", arguments: [scan.seq, scan.scanID]) ?? 0)
            }
        }
    }

    private static let memberColumns = """
        m.*, (SELECT p.head FROM archive_members p WHERE p.file = m.file AND p.offset < m.offset ORDER BY p.offset DESC LIMIT 1) AS previous_head
        """

    /// Every recorded member, by file and offset.
    public func archiveMembers() throws(StoreError) -> [ArchiveMember] {
        try read { db in try Row.fetchAll(db, sql: "SELECT \(Self.memberColumns) FROM archive_members m ORDER BY file, offset").map(Self.member) }
    }

    private static func member(_ row: Row) -> ArchiveMember {
        ArchiveMember(file: row["file"], offset: row["offset"], length: row["length"], records: row["records"],
                      firstSeq: row["first_seq"], lastSeq: row["last_seq"], firstAtMillis: row["first_at"],
                      lastAtMillis: row["last_at"], head: row["head"], previousHead: row["previous_head"])
    }

    /// One consistent look at the journal after `seq`: the members that may hold archived scans after it (by
    /// first seq) and up to `limit` live scans after it, from one transaction, so a run committing meanwhile
    /// neither hides scans nor shows them twice.
    public func journalPage(after seq: Int64, limit: Int) throws(StoreError) -> (members: [ArchiveMember], live: [JournalRecord]) {
        try read { db in
            let members = try Row.fetchAll(db, sql: "SELECT \(Self.memberColumns) FROM archive_members m WHERE m.last_seq > ? ORDER BY m.first_seq",
                                           arguments: [seq]).map(Self.member)
            let live = try Row.fetchAll(db, sql: "SELECT * FROM scans WHERE seq > ? ORDER BY seq LIMIT ?",
                                        arguments: [seq, Self.rows(limit)]).map(Self.journalRecord)
            return (members, live)
        }
    }

    /// A stored session as one consistent look: its status, its live items (with their rowid: the order they were
    /// added in), its live scans, and the members holding its archived ones. Nil for a session not in the store.
    public func sessionHistory(_ id: String) throws(StoreError)
        -> (status: String, liveItems: [(rowid: Int64, item: SessionItem)], liveScans: [JournalRecord], members: [ArchiveMember])? {
        try read { db in
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM sessions WHERE id = ?", arguments: [id]) else { return nil }
            let items = try Row.fetchAll(db, sql: "SELECT rowid AS item_rowid, * FROM session_items WHERE session_id = ? ORDER BY rowid",
                                         arguments: [id]).map { (rowid: $0["item_rowid"] as Int64, item: try Self.item($0)) }
            let scans = try Row.fetchAll(db, sql: "SELECT * FROM scans WHERE session_id = ? ORDER BY seq LIMIT ?",
                                         arguments: [id, Self.largestRead]).map(Self.journalRecord)
            let members = try Row.fetchAll(db, sql: """
                SELECT \(Self.memberColumns) FROM archive_session_members a JOIN archive_members m ON m.id = a.member_id
                WHERE a.session_id = ? ORDER BY m.first_seq
                """, arguments: [id]).map(Self.member)
            return (status, items, scans, members)
        }
    }

    /// Rows in the live journal, and the database's pages in use × page size, in bytes.
    public func liveJournalSize() throws(StoreError) -> (scans: Int, bytes: Int64) {
        try read { db in
            let scans = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scans") ?? 0
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return (scans, (pages - free) * size)
        }
    }
}
