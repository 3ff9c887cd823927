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

    public init(file: String, offset: Int64, length: Int64, records: Int, firstSeq: Int64, lastSeq: Int64,
                firstAtMillis: Int64, lastAtMillis: Int64, head: String) {
        self.file = file
        self.offset = offset
        self.length = length
        self.records = records
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.firstAtMillis = firstAtMillis
        self.lastAtMillis = lastAtMillis
        self.head = head
    }

    public var end: Int64 { offset + length }
}

/// The next prefix of the journal that may leave the live database.
public struct ArchiveBatch: Sendable {
    /// Every scan with a seq above `afterSeq` and at most `throughSeq`, in seq order.
    public var afterSeq: Int64
    public var throughSeq: Int64
    public var scans: [ArchivedScan]
}

extension StationStore {
    /// The scans above `after` that may be archived, at most `limit` of them: a prefix of the journal that ends
    /// before the first scan still needed live. A scan is needed while it is younger than `cutoffMillis`, while
    /// its session is open, ended after the cutoff, or closed with a note the ledger has not confirmed, and
    /// while an exception it raised is undecided. Nil when nothing may go.
    public func archivableBatch(cutoffMillis: Int64, limit: Int) throws(StoreError) -> ArchiveBatch? {
        try read { db in
            let after = try Self.archivedThrough(db)
            let horizon = try Self.archiveHorizon(db, after: after, cutoffMillis: cutoffMillis)
            let through = min(horizon, after + Int64(max(1, limit)))
            guard through > after else { return nil }
            var scans = try Row.fetchAll(db, sql: "SELECT * FROM scans WHERE seq > ? AND seq <= ? ORDER BY seq",
                                         arguments: [after, through]).map { row in
                ArchivedScan(seq: row["seq"], scannedAtMillis: row["scanned_at"], sessionID: row["session_id"],
                             scan: ArchivedScan.columns(row), item: nil, exceptions: [])
            }
            guard !scans.isEmpty else { return nil }
            let index = Dictionary(uniqueKeysWithValues: scans.enumerated().map { ($1.seq, $0) })
            let ids = Dictionary(uniqueKeysWithValues: scans.enumerated().map { ($1.scan["id"].flatMap(Self.text) ?? "", $0) })
            for row in try Row.fetchAll(db, sql: """
                SELECT i.* FROM session_items i JOIN scans s ON s.id = i.scan_id WHERE s.seq > ? AND s.seq <= ?
                """, arguments: [after, through]) {
                if let at = ids[row["scan_id"]] { scans[at].item = ArchivedScan.columns(row) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exceptions WHERE scan_seq > ? AND scan_seq <= ? ORDER BY id",
                                        arguments: [after, through]) {
                if let at = index[row["scan_seq"]] { scans[at].exceptions.append(ArchivedScan.columns(row)) }
            }
            return ArchiveBatch(afterSeq: after, throughSeq: scans.last!.seq, scans: scans)
        }
    }

    private static func text(_ value: ArchivedValue) -> String? {
        if case .text(let s) = value { s } else { nil }
    }

    /// The last seq that may be archived: one before the first scan still needed live.
    static func archiveHorizon(_ db: Database, after: Int64, cutoffMillis: Int64) throws -> Int64 {
        let needed = [
            try Int64.fetchOne(db, sql: "SELECT seq FROM scans WHERE seq > ? AND scanned_at >= ? ORDER BY seq LIMIT 1",
                               arguments: [after, cutoffMillis]),
            try Int64.fetchOne(db, sql: """
                SELECT MIN(seq) FROM scans WHERE seq > ? AND session_id IN (\(unfinishedSessions))
                """, arguments: [after, cutoffMillis]),
            try Int64.fetchOne(db, sql: "SELECT MIN(scan_seq) FROM exceptions WHERE status = 'open' AND scan_seq > ?", arguments: [after]),
        ].compactMap { $0 }
        if let first = needed.min() { return first - 1 }
        return try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM scans") ?? 0
    }

    /// Sessions whose scans the live store still needs (one argument: the cutoff).
    private static let unfinishedSessions = """
        SELECT se.id FROM sessions se
        LEFT JOIN return_notes n ON n.session_id = se.id LEFT JOIN outbox o ON o.note_id = n.id
        WHERE se.status = 'open' OR se.ended_at IS NULL OR se.ended_at >= ?
            OR (se.status = 'closed' AND (o.id IS NULL OR o.delivered_at IS NULL))
        """

    /// Records `members` (whose bytes are already flushed to their files) and removes the scans of `batch`
    /// with their items and exceptions, in one transaction. Refuses, changing nothing, when the batch is no
    /// longer archivable or a member does not continue its file where the store left it.
    public func commitArchived(_ batch: ArchiveBatch, members: [ArchiveMember], cutoffMillis: Int64,
                               atMillis now: Int64) throws(StoreError) {
        try write { db in
            guard try Self.archivedThrough(db) == batch.afterSeq,
                  try Self.archiveHorizon(db, after: batch.afterSeq, cutoffMillis: cutoffMillis) >= batch.throughSeq else {
                throw StoreError(.conflict, "the journal changed while scans \(batch.afterSeq + 1)–\(batch.throughSeq) were archived; nothing was removed")
            }
            guard members.reduce(0, { $0 + $1.records }) == batch.scans.count else {
                throw StoreError(.corrupt, "archive members hold \(members.reduce(0) { $0 + $1.records }) records for \(batch.scans.count) scans")
            }
            for member in members {
                let end = try Self.committedEnd(db, file: member.file)
                guard end?.length ?? 0 == member.offset else {
                    throw StoreError(.conflict, "archive member at \(member.file):\(member.offset) does not continue the file, which ends at \(end?.length ?? 0)")
                }
                try db.execute(sql: """
                    INSERT INTO archive_members(file, offset, length, records, first_seq, last_seq, first_at, last_at, head, archived_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [member.file, member.offset, member.length, member.records, member.firstSeq, member.lastSeq,
                                     member.firstAtMillis, member.lastAtMillis, member.head, now])
            }
            let range: StatementArguments = [batch.afterSeq, batch.throughSeq]
            try db.execute(sql: "DELETE FROM exceptions WHERE scan_seq > ? AND scan_seq <= ?", arguments: range)
            try db.execute(sql: "DELETE FROM session_items WHERE scan_id IN (SELECT id FROM scans WHERE seq > ? AND seq <= ?)", arguments: range)
            try db.execute(sql: "DELETE FROM scans WHERE seq > ? AND seq <= ?", arguments: range)
            guard db.changesCount == batch.scans.count else {
                throw StoreError(.corrupt, "removing scans \(batch.afterSeq + 1)–\(batch.throughSeq) removed \(db.changesCount) rows, not \(batch.scans.count)")
            }
        }
    }

    /// The highest seq archived so far (0 before the first archive run).
    public func archivedThrough() throws(StoreError) -> Int64 { try read(Self.archivedThrough) }

    static func archivedThrough(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(last_seq), 0) FROM archive_members") ?? 0
    }

    /// Where the committed part of `file` ends, and the chain's head there; nil for a file with no member yet.
    public func committedEnd(file: String) throws(StoreError) -> (length: Int64, head: String)? {
        try read { db in try Self.committedEnd(db, file: file) }
    }

    static func committedEnd(_ db: Database, file: String) throws -> (length: Int64, head: String)? {
        try Row.fetchOne(db, sql: "SELECT offset + length AS end, head FROM archive_members WHERE file = ? ORDER BY offset DESC LIMIT 1",
                         arguments: [file]).map { ($0["end"], $0["head"]) }
    }

    /// Every recorded member, by file and offset.
    public func archiveMembers() throws(StoreError) -> [ArchiveMember] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM archive_members ORDER BY file, offset").map(Self.member)
        }
    }

    /// Members holding scans taken between `from` and `to` (each member knows its first and last scan time).
    public func archiveMembers(overlappingFromMillis from: Int64, toMillis to: Int64) throws(StoreError) -> [ArchiveMember] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM archive_members WHERE first_at <= ? AND last_at >= ? ORDER BY first_seq
                """, arguments: [to, from]).map(Self.member)
        }
    }

    private static func member(_ row: Row) -> ArchiveMember {
        ArchiveMember(file: row["file"], offset: row["offset"], length: row["length"], records: row["records"],
                      firstSeq: row["first_seq"], lastSeq: row["last_seq"], firstAtMillis: row["first_at"],
                      lastAtMillis: row["last_at"], head: row["head"])
    }

    /// When a session opened and ended (nil while open), for finding its archived scans.
    public func sessionSpan(_ id: String) throws(StoreError) -> (openedAtMillis: Int64, endedAtMillis: Int64?)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT opened_at, ended_at FROM sessions WHERE id = ?", arguments: [id]).map { ($0["opened_at"], $0["ended_at"]) }
        }
    }

    /// Rows in the live journal, and the database file's size in bytes (pages in use × page size).
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
