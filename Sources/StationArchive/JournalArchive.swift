import CompressNIO
import Foundation
import NIOCore
import ReturnsCore
import StationStore

/// Moves delivered history out of the live database into monthly archive files (docs/RELIABILITY.md,
/// "A disk that never fills"): `journal-YYYY-MM.jsonl.gz` in `folder`, one gzip member per archive run and
/// month, each line a checksum-chained JSON record (``ArchiveChain``). Appending and flushing the member comes
/// first, recording it and removing the rows from the database second, in one transaction: a crash between
/// the two leaves bytes the store never counted, which the next run cuts off before it appends.
///
/// Every method blocks on the disk: call it from a thread of its own, never from Swift's cooperative pool.
public struct JournalArchive: Sendable {
    public let folder: String
    /// Scans moved per transaction: small enough that the scan pipeline's commits never wait long behind one.
    public var batchSize: Int
    /// The largest member a reader decompresses; a bigger one is reported as damaged instead of filling memory.
    static let maximumMemberBytes = 256 << 20

    public init(folder: String, batchSize: Int = 2000) {
        self.folder = folder
        self.batchSize = batchSize
    }

    /// What one archive run moved.
    public struct RunReport: Hashable, Sendable, Codable {
        public var scans = 0
        public var members = 0
        public var files: [String] = []
        public var archivedThrough: Int64 = 0
        /// Bytes of an earlier run that never committed, cut off before appending.
        public var cutTailBytes: Int64 = 0
        /// Scans older than the cutoff kept live: their return is open or waiting for the ledger, or their exception
        /// is undecided. They go with a later run.
        public var heldBack = 0
    }

    /// Archives every scan the store no longer needs live (``StationStore/archiveWindow(after:limit:rules:)``),
    /// window by window, until the windows reach scans younger than the cutoff. `shouldStop` is asked between
    /// windows (a daemon shutting down); what was committed stays committed.
    public func run(store: StationStore, rules: ArchiveRules, nowMillis: Int64,
                    shouldStop: () -> Bool = { false }) throws(ArchiveError) -> RunReport {
        var report = RunReport()
        do {
            try ArchiveFileIO.makeFolder(folder)
            var cursor: Int64 = 0
            while !shouldStop(), let batch = try store.archiveWindow(after: cursor, limit: batchSize, rules: rules) {
                if !batch.scans.isEmpty {
                    var members: [ArchiveMemberWrite] = []
                    for (file, records) in Self.byMonth(batch.scans) {
                        let appended = try appendMember(file: file, records: records, store: store)
                        members.append(ArchiveMemberWrite(member: appended.member, records: records))
                        report.cutTailBytes += appended.cut
                        if !report.files.contains(file) { report.files.append(file) }
                    }
                    try store.commitArchived(batch, members: members, atMillis: nowMillis)
                    report.scans += batch.scans.count
                    report.members += members.count
                }
                report.heldBack += batch.heldBack
                cursor = batch.windowLastSeq
                if batch.reachedYoungScans { break }
            }
            report.archivedThrough = try store.archivedThrough()
        } catch {
            throw ArchiveError.from(error)
        }
        return report
    }

    /// Appends `records` to `file` as one gzip member and flushes it; the store records it afterwards.
    func appendMember(file: String, records: [ArchivedScan], store: StationStore) throws -> (member: ArchiveMember, cut: Int64) {
        let path = folder + "/" + file
        let committed = try store.committedEnd(file: file)
        let io = try ArchiveFileIO(path: path, create: true)
        // A file's first member: the file's name must reach the disk too, even if an earlier run created the file.
        if committed == nil { try ArchiveFileIO.flushFolder(folder) }
        let size = try io.size()
        let offset = committed?.length ?? 0
        guard size >= offset else {
            throw ArchiveError("the archive file is \(size) bytes but \(offset) were recorded: it was cut short or replaced; "
                + "`returnsctl archive verify` shows what is missing, nothing more is archived into it", path: path)
        }
        if size > offset {
            if let problem = try unrecordedTailProblem(io, from: offset, size: size, store: store) { throw ArchiveError(problem, path: path) }
            try io.truncate(to: offset)
        }
        let previousHead = committed?.head
        var head = previousHead ?? ArchiveChain.seed(file: file)
        var text = ByteBuffer()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for record in records {
            let json = try encoder.encode(record)
            head = ArchiveChain.next(after: head, json: json)
            text.writeString(head)
            text.writeInteger(UInt8(ascii: " "))
            text.writeBytes(json)
            text.writeInteger(UInt8(ascii: "\n"))
        }
        let compressed = try text.compress(with: .gzip())
        try io.writeAndFlush(Array(compressed.readableBytesView), at: offset)
        let member = ArchiveMember(file: file, offset: offset, length: Int64(compressed.readableBytes), records: records.count,
                                   firstSeq: records.first!.seq, lastSeq: records.last!.seq,
                                   firstAtMillis: records.map(\.scannedAtMillis).min()!, lastAtMillis: records.map(\.scannedAtMillis).max()!,
                                   head: head, previousHead: previousHead)
        return (member, size - offset)
    }

    /// The batch split by the month (UTC) each scan was taken in, each part in seq order.
    static func byMonth(_ scans: [ArchivedScan]) -> [(String, [ArchivedScan])] {
        var order: [String] = []
        var parts: [String: [ArchivedScan]] = [:]
        for scan in scans {
            let file = fileName(forMillis: scan.scannedAtMillis)
            if parts[file] == nil { order.append(file) }
            parts[file, default: []].append(scan)
        }
        return order.map { ($0, parts[$0]!) }
    }

    /// `journal-YYYY-MM.jsonl.gz` for the UTC month of `millis` (the calendar arithmetic is `LocalDate`'s).
    public static func fileName(forMillis millis: Int64) -> String {
        let (days, remainder) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let (year, month, _) = LocalDate(daysSinceEpoch: Int(remainder < 0 ? days - 1 : days)).components
        return "journal-\(year)-\(month < 10 ? "0" : "")\(month).jsonl.gz"
    }

    /// The lines of one member, decompressed: `(head, json)` each.
    func lines(of member: ArchiveMember) throws -> [(head: Substring, json: Substring)] {
        let path = folder + "/" + member.file
        guard member.length <= Self.maximumMemberBytes else {
            throw ArchiveError("member at offset \(member.offset) claims \(member.length) bytes, more than a member may hold", path: path)
        }
        let io = try ArchiveFileIO(path: path, create: false)
        return try Self.lines(try io.read(at: member.offset, count: Int(member.length)), offset: member.offset, path: path)
    }

    static func lines(_ bytes: [UInt8], offset: Int64, path: String) throws -> [(head: Substring, json: Substring)] {
        var compressed = ByteBuffer(bytes: bytes)
        let text: ByteBuffer
        do {
            text = try compressed.decompress(with: .gzip(), maxSize: maximumMemberBytes)
        } catch {
            throw ArchiveError("the member at offset \(offset) does not decompress (\(error)): the file was damaged", path: path)
        }
        // Split as bytes: splitting the decompressed text as Swift Characters (grapheme by grapheme) cost most of
        // a check's time.
        let bytes = text.readableBytesView
        return try bytes.split(separator: UInt8(ascii: "\n")).map { line in
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else {
                throw ArchiveError("a line of the member at offset \(offset) has no checksum", path: path)
            }
            return (Substring(decoding: line[..<space], as: UTF8.self), Substring(decoding: line[line.index(after: space)...], as: UTF8.self))
        }
    }

    /// The lines of one member after checking them as `verify` does (count, every checksum, the recorded head):
    /// a damaged or altered member is an error, never a shorter or different journal.
    func checkedLines(of member: ArchiveMember) throws -> [(head: Substring, json: Substring)] {
        let lines = try lines(of: member)
        if let problem = Self.chainProblem(lines, member: member) { throw ArchiveError(problem, path: folder + "/" + member.file) }
        return lines
    }

    /// What is wrong with a member's lines against what the store recorded, or nil.
    static func chainProblem(_ lines: [(head: Substring, json: Substring)], member: ArchiveMember) -> String? {
        guard lines.count == member.records else {
            return "the member at offset \(member.offset) holds \(lines.count) records, the store recorded \(member.records)"
        }
        var head = member.previousHead ?? ArchiveChain.seed(file: member.file)
        for (position, line) in lines.enumerated() {
            head = ArchiveChain.next(after: head, json: Array(line.json.utf8))
            guard line.head == head else {
                return "record \(position + 1) of the member at offset \(member.offset) does not match its checksum: it was changed, removed or reordered"
            }
        }
        guard head == member.head else {
            return "the chain of the member at offset \(member.offset) ends at \(head.prefix(12))…, the store recorded \(member.head.prefix(12))…"
        }
        return nil
    }

    /// The records of one member, checked, optionally only those whose line mentions `containing` (a session id).
    func records(of member: ArchiveMember, containing needle: String? = nil) throws -> [ArchivedScan] {
        let decoder = JSONDecoder()
        return try checkedLines(of: member).compactMap { line in
            if let needle, !line.json.contains(needle) { return nil }
            return try decoder.decode(ArchivedScan.self, from: Data(line.json.utf8))
        }
    }

    /// Bytes after the last recorded member are normally an archive run that died before its commit: its scans
    /// are still live, and cutting them loses nothing. If they decode to records the live store does not hold (the
    /// database was restored from an older copy, say), they may be the only copy: returns why they must stay.
    func unrecordedTailProblem(_ io: borrowing ArchiveFileIO, from offset: Int64, size: Int64, store: StationStore) throws -> String? {
        guard size - offset <= Self.maximumMemberBytes,
              let lines = try? Self.lines(try io.read(at: offset, count: Int(size - offset)), offset: offset, path: io.path) else {
            return nil  // a member cut off in the middle of its write: never recorded, its scans never removed
        }
        let decoder = JSONDecoder()
        let scans = lines.compactMap { try? decoder.decode(ArchivedScan.self, from: Data($0.json.utf8)) }
        let live = try store.liveScanCount(scans)
        guard live < scans.count || scans.count < lines.count else { return nil }
        return "\(size - offset) bytes after the last recorded member hold \(lines.count - live) archived scans the live store does not have "
            + "(was the database restored from an older copy?): they are kept; move the file aside to archive into a new one"
    }
}
