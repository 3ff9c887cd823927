import Foundation
import StationStore

/// What `returnsctl archive verify` reports: every archive file checked against the members the store
/// recorded, record by record along the checksum chain.
public struct ArchiveVerification: Hashable, Sendable, Codable {
    public struct FileReport: Hashable, Sendable, Codable {
        public var file: String
        public var members: Int
        public var records: Int
        public var bytes: Int64
        public var firstSeq: Int64?
        public var lastSeq: Int64?
        /// Bytes after the last recorded member: an archive run that did not commit (the next run cuts them).
        public var uncommittedBytes: Int64
        /// Empty when every record is intact; otherwise what is wrong and where, first problem per member.
        public var problems: [String]
    }

    public var ok: Bool
    public var archivedThrough: Int64
    public var records: Int
    public var files: [FileReport]
}

extension JournalArchive {
    /// Checks every recorded member: present, decompressible, as many records as recorded, seqs rising,
    /// each line's checksum following from the one before, and the chain ending where the store says.
    public func verify(store: StationStore) throws(ArchiveError) -> ArchiveVerification {
        let members: [ArchiveMember]
        let through: Int64
        do {
            members = try store.archiveMembers()
            through = try store.archivedThrough()
        } catch {
            throw ArchiveError(error)
        }
        var files = Dictionary(grouping: members, by: \.file).map { file, members in
            verify(file: file, members: members.sorted { $0.offset < $1.offset }, store: store)
        }
        for stray in strayFiles(known: Set(members.map(\.file))) {
            files.append(.init(file: stray.name, members: 0, records: 0, bytes: stray.size, firstSeq: nil, lastSeq: nil,
                               uncommittedBytes: stray.size, problems: []))
        }
        files.sort { $0.file < $1.file }
        return ArchiveVerification(ok: files.allSatisfy(\.problems.isEmpty), archivedThrough: through,
                                   records: files.reduce(0) { $0 + $1.records }, files: files)
    }

    private func verify(file: String, members: [ArchiveMember], store: StationStore) -> ArchiveVerification.FileReport {
        let path = folder + "/" + file
        var report = ArchiveVerification.FileReport(file: file, members: members.count, records: 0, bytes: 0,
                                                    firstSeq: members.map(\.firstSeq).min(), lastSeq: members.map(\.lastSeq).max(),
                                                    uncommittedBytes: 0, problems: [])
        let recordedEnd = members.last?.end ?? 0
        do {
            report.bytes = try ArchiveFileIO(path: path, create: false).size()
        } catch {
            report.problems.append("the file is missing or unreadable: \(error.message); the store recorded \(recordedEnd) bytes in \(members.count) members")
            return report
        }
        if report.bytes < recordedEnd {
            report.problems.append("the file is \(report.bytes) bytes, the store recorded \(recordedEnd): it was cut short")
        }
        report.uncommittedBytes = max(0, report.bytes - recordedEnd)
        if report.uncommittedBytes > 0, let problem = tailProblem(path: path, from: recordedEnd, size: report.bytes, store: store) {
            report.problems.append(problem)
        }
        var expectedOffset: Int64 = 0
        for member in members {
            if member.offset != expectedOffset {
                report.problems.append("the member at offset \(member.offset) does not follow the one before, which ends at \(expectedOffset)")
            }
            // Each member is checked from the head the store recorded before it, so one damaged member does not hide
            // the state of the others.
            if let problem = check(member) { report.problems.append(problem) } else { report.records += member.records }
            expectedOffset = member.end
        }
        return report
    }

    private func tailProblem(path: String, from offset: Int64, size: Int64, store: StationStore) -> String? {
        do {
            let io = try ArchiveFileIO(path: path, create: false)
            return try unrecordedTailProblem(io, from: offset, size: size, store: store)
        } catch {
            return "the bytes after the last recorded member cannot be read: \(ArchiveError.from(error).message)"
        }
    }

    /// The first thing wrong with one member, or nil.
    private func check(_ member: ArchiveMember) -> String? {
        let lines: [(head: Substring, json: Substring)]
        do { lines = try self.lines(of: member) } catch { return ArchiveError.from(error).message }
        if let problem = Self.chainProblem(lines, member: member) { return problem }
        var lastSeq = Int64.min
        for (position, line) in lines.enumerated() {
            guard let record = SeqOnly(line.json) else {
                return "record \(position + 1) of the member at offset \(member.offset) is not an archived scan"
            }
            guard record.seq > lastSeq, (member.firstSeq...member.lastSeq).contains(record.seq) else {
                return "record \(position + 1) of the member at offset \(member.offset) has seq \(record.seq), outside \(member.firstSeq)–\(member.lastSeq) or out of order"
            }
            lastSeq = record.seq
        }
        return nil
    }

    /// Archive files in the folder that no recorded member names (a first run that did not commit).
    private func strayFiles(known: Set<String>) -> [(name: String, size: Int64)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("journal-") && $0.hasSuffix(".jsonl.gz") && !known.contains($0) }.sorted().map { name in
            (name, (try? ArchiveFileIO(path: folder + "/" + name, create: false).size()) ?? 0)
        }
    }
}

/// The one field of an archived record a check needs beyond its checksum, read without decoding the record:
/// decoding every whole record made a check of a year's archive take minutes. Records are written with sorted
/// keys, so the record's own `"seq":` is the last one in the line (only `sessionID`, a string, follows it).
private struct SeqOnly {
    var seq: Int64

    init?(_ json: Substring) {
        let marker = "\"seq\":"
        guard let found = json.range(of: marker, options: .backwards) else { return nil }
        let digits = json[found.upperBound...].prefix { $0.isASCII && ($0.isNumber || $0 == "-") }
        guard let seq = Int64(digits) else { return nil }
        self.seq = seq
    }
}
