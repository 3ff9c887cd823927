import CompressNIO
import Foundation
import GRDB
import NIOCore
import ReturnsCore
import ReturnsTestKit
import Testing
@testable import StationArchive
@testable import StationStore

/// The archive that keeps the live database bounded: what may leave, how it is written, what a check finds.
@Suite struct JournalArchiveTests {
    /// Far in the future: every scan is "older than the cutoff", so only the other rules hold history back.
    static let anyAge = Int64.max / 2

    static func deliver(_ h: StoreHarness, note index: Int) async throws {
        let pending = try await h.store.pendingOutbox()
        try await h.store.recordDelivery(noteID: pending[index].noteID,
                                         verdict: LedgerVerdict(status: "accepted", creditNote: "CN-\(index)", acceptedByPosition: [:], refusals: []),
                                         atMillis: 1000)
    }

    static let withLedger = ArchiveRules(cutoffMillis: anyAge, requireDelivery: true)
    static let standalone = ArchiveRules(cutoffMillis: anyAge, requireDelivery: false)

    @Test func onlyFinishedDeliveredHistoryLeavesAndEveryScanAndItemReadsBackTheSame() async throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "4006381333931", "CMD:CLOSE")            // seq 1–3: closed, delivered below
        try h.scan("SO-1", "(01)09506000134352(21)TAB-1", "CMD:CLOSE")  // seq 4–6: closed, not yet delivered
        try h.scan("SO-1", "4006381333931")                         // seq 7–8: still open
        let before = try h.store.scans()
        let firstSession = try #require(before[0].sessionID)
        let firstItems = try #require(try h.store.session(firstSession)).items
        try await Self.deliver(h, note: 0)
        let archive = JournalArchive(folder: h.dir.file("archive"), batchSize: 2)
        let first = try archive.run(store: h.store, rules: Self.withLedger, nowMillis: 5000)
        #expect(first.scans == 3 && first.archivedThrough == 3, "\(first)")
        #expect(try h.store.scans().map(\.seq) == [4, 5, 6, 7, 8])
        // The note waiting for the ledger holds its return's scans live.
        #expect(try archive.run(store: h.store, rules: Self.withLedger, nowMillis: 5001).scans == 0)
        try await Self.deliver(h, note: 0)  // the second note, now first in the outbox
        #expect(try archive.run(store: h.store, rules: Self.withLedger, nowMillis: 5002).scans == 3)
        #expect(try h.store.scans().map(\.seq) == [7, 8])

        let history = JournalHistory(store: h.store, archive: archive)
        #expect(try history.scans(after: 0, limit: 100) == before)
        #expect(try history.scans(after: 2, limit: 3) == Array(before[2..<5]))
        let session = try #require(try history.session(firstSession))
        #expect(session.status == "closed" && session.items == firstItems && session.scans == Array(before[0..<3]))
        let check = try archive.verify(store: h.store)
        #expect(check.ok && check.records == 6 && check.files.map(\.file) == ["journal-1970-01.jsonl.gz"], "\(check)")
        // Still append-only where nothing is archived: a live scan cannot be removed or changed.
        #expect(throws: (any Error).self) { try h.store.pool.write { db in try db.execute(sql: "DELETE FROM scans WHERE seq = 7") } }
        #expect(throws: (any Error).self) { try h.store.pool.write { db in try db.execute(sql: "UPDATE scans SET outcome = 'x' WHERE seq = 8") } }
    }

    @Test func anUndecidedExceptionHoldsBackOnlyItsOwnScanAndTheCutoffHoldsBackTheYoung() async throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "9780201379624", "CMD:CANCEL")  // seq 2: an item not on the order, an open exception
        try h.scan("SO-1", "4006381333931", "CMD:CLOSE")   // seq 4–6: closed; standalone, closing finishes it
        let before = try h.store.scans()
        let archive = JournalArchive(folder: h.dir.file("archive"))
        #expect(try archive.run(store: h.store, rules: Self.withLedger, nowMillis: 10).scans == 2, "the undelivered note stays with a ledger")
        #expect(try h.store.scans().map(\.seq) == [2, 4, 5, 6])
        #expect(try archive.run(store: h.store, rules: Self.standalone, nowMillis: 11).scans == 3)
        #expect(try h.store.scans().map(\.seq) == [2], "one forgotten exception holds back only its own scan")
        let id = try #require(try h.store.exceptions(status: "open").first?.id)
        _ = try h.store.commit([h.decide("REJECT", meaning: .supervisor(.rejectException(id: id), by: "lead"))])  // seq 7, at 7 ms
        // Scans from 7 ms on are younger than this cutoff and stay.
        #expect(try archive.run(store: h.store, rules: ArchiveRules(cutoffMillis: 7, requireDelivery: false), nowMillis: 12).scans == 1)
        #expect(try h.store.scans().map(\.seq) == [7] && h.store.exceptions().isEmpty, "the decided exception left with its scan")
        let archived = try archive.records(of: try #require(try h.store.archiveMembers().last))
        #expect(archived.map(\.seq) == [2] && archived[0].exceptions.first?["status"] == .text("rejected"))
        // Out of seq order on disk, in seq order to a reader; every scan removed was one an archive member holds.
        #expect(try JournalHistory(store: h.store, archive: archive).scans(after: 0, limit: 100) == before + h.store.scans())
        #expect(try archive.verify(store: h.store).ok)
        #expect(try await h.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM archive_ranges") } == 4)
    }

    @Test func aRunThatDiedBeforeItsCommitIsCutOffAndNothingIsArchivedTwice() async throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "4006381333931", "CMD:CLOSE", "SO-1", "4006381333931", "CMD:CLOSE")
        let archive = JournalArchive(folder: h.dir.file("archive"))
        try ArchiveFileIO.makeFolder(archive.folder)
        // The member is flushed, then the process dies before the store records it.
        let batch = try #require(try h.store.archiveWindow(after: 0, limit: 100, rules: Self.standalone))
        let orphan = try archive.appendMember(file: "journal-1970-01.jsonl.gz", records: batch.scans, store: h.store)
        #expect(try h.store.archivedThrough() == 0 && orphan.member.records == 6)
        let meanwhile = try archive.verify(store: h.store)
        #expect(meanwhile.ok && meanwhile.files.first?.uncommittedBytes == orphan.member.length, "\(meanwhile)")

        let run = try archive.run(store: h.store, rules: Self.standalone, nowMillis: 20)
        #expect(run.cutTailBytes == orphan.member.length && run.scans == 6)
        let check = try archive.verify(store: h.store)
        #expect(check.ok && check.records == 6 && check.files.first?.uncommittedBytes == 0, "\(check)")
        #expect(try JournalHistory(store: h.store, archive: archive).scans(after: 0, limit: 100).map(\.seq) == Array(1...6))
    }

    @Test func bytesAfterTheLastMemberThatHoldScansTheStoreDoesNotHaveAreKept() async throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "CMD:CANCEL")
        let archive = JournalArchive(folder: h.dir.file("archive"))
        _ = try archive.run(store: h.store, rules: Self.standalone, nowMillis: 1)
        // Another store's member in this file (a database replaced under an old archive folder): its scan is nowhere else.
        let path = archive.folder + "/journal-1970-01.jsonl.gz"
        let ghost = ArchivedScan(seq: 99, scannedAtMillis: 3, sessionID: nil, scan: ["id": .text("ghost")], item: nil, exceptions: [])
        let json = try JSONEncoder().encode(ghost)
        var text = ByteBuffer(string: ArchiveChain.next(after: "x", json: json) + " " + String(decoding: json, as: UTF8.self) + "\n")
        let member = try text.compress(with: .gzip())
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(member.readableBytesView))
        try handle.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let check = try archive.verify(store: h.store)
        #expect(!check.ok && check.files[0].problems.first?.contains("hold 1 archived scans the live store does not have") == true, "\(check)")
        try h.scan("SO-1", "CMD:CANCEL")
        #expect(throws: ArchiveError.self) { try archive.run(store: h.store, rules: Self.standalone, nowMillis: 2) }
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size, "the bytes were kept")
    }

    @Test func aMemberThatDoesNotContinueItsFileIsRefusedAndNothingIsRemoved() async throws {
        var h = try StoreHarness()
        try h.scan("SO-1", "CMD:CANCEL")
        let batch = try #require(try h.store.archiveWindow(after: 0, limit: 100, rules: Self.standalone))
        let stray = ArchiveMember(file: "journal-1970-01.jsonl.gz", offset: 99, length: 10, records: 2, firstSeq: 1, lastSeq: 2,
                                  firstAtMillis: 1, lastAtMillis: 2, head: "x", previousHead: nil)
        #expect(throws: StoreError.self) {
            try h.store.commitArchived(batch, members: [ArchiveMemberWrite(member: stray, records: batch.scans)], atMillis: 1)
        }
        #expect(try h.store.liveJournalSize().scans == 2 && h.store.archiveMembers().isEmpty)
    }

    /// Archives two sessions, one member each, and returns the file's path.
    static func archivedFile(_ h: inout StoreHarness, _ archive: JournalArchive) async throws -> String {
        try h.scan("SO-1", "4006381333931", "CMD:CLOSE")
        try await deliver(h, note: 0)
        _ = try archive.run(store: h.store, rules: withLedger, nowMillis: 1)
        try h.scan("SO-1", "4006381333931", "CMD:CLOSE")
        try await deliver(h, note: 0)
        _ = try archive.run(store: h.store, rules: withLedger, nowMillis: 2)
        #expect(try h.store.archiveMembers().count == 2)
        return archive.folder + "/journal-1970-01.jsonl.gz"
    }

    @Test func verifyFindsADamagedByteAFileCutShortAndAMissingFile() async throws {
        var h = try StoreHarness()
        let archive = JournalArchive(folder: h.dir.file("archive"))
        let path = try await Self.archivedFile(&h, archive)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))

        var damaged = original
        damaged[damaged.count / 4] ^= 0x5a
        try damaged.write(to: URL(fileURLWithPath: path))
        let afterDamage = try archive.verify(store: h.store)
        #expect(!afterDamage.ok && afterDamage.files[0].problems.count == 1, "\(afterDamage)")
        #expect(afterDamage.files[0].problems[0].contains("offset 0"), "\(afterDamage.files[0].problems)")

        try original.prefix(original.count - 10).write(to: URL(fileURLWithPath: path))
        let afterCut = try archive.verify(store: h.store)
        #expect(!afterCut.ok && afterCut.files[0].problems.contains { $0.contains("cut short") }, "\(afterCut)")
        // Nothing more goes into a file shorter than the store recorded.
        try h.scan("SO-1", "CMD:CANCEL")
        #expect(throws: ArchiveError.self) { try archive.run(store: h.store, rules: Self.standalone, nowMillis: 3) }

        try FileManager.default.removeItem(atPath: path)
        let afterRemoval = try archive.verify(store: h.store)
        #expect(!afterRemoval.ok && afterRemoval.files[0].problems[0].contains("missing"), "\(afterRemoval)")
    }

    @Test func aRecordChangedAndRecompressedBreaksTheChecksumChain() async throws {
        var h = try StoreHarness()
        let archive = JournalArchive(folder: h.dir.file("archive"))
        let path = try await Self.archivedFile(&h, archive)
        let first = try #require(try h.store.archiveMembers().first)
        // A forger rewrites the first member with one record's quantity changed, as valid gzip, and even fixes the
        // length the store recorded: only the chain can tell.
        var lines = try archive.lines(of: first).map { "\($0.head) \($0.json)" }
        #expect(lines[1].contains("\"quantity\":1"))
        lines[1] = lines[1].replacingOccurrences(of: "\"quantity\":1", with: "\"quantity\":7")
        var text = ByteBuffer(string: lines.joined(separator: "\n") + "\n")
        let forged = try text.compress(with: .gzip())
        let rest = try Data(contentsOf: URL(fileURLWithPath: path)).dropFirst(Int(first.length))
        try (Data(forged.readableBytesView) + rest).write(to: URL(fileURLWithPath: path))
        let shift = Int64(forged.readableBytes) - first.length
        try await h.store.pool.write { db in
            try db.execute(sql: "UPDATE archive_members SET length = length + ? WHERE offset = 0", arguments: [shift])
            try db.execute(sql: "UPDATE archive_members SET offset = offset + ? WHERE offset > 0", arguments: [shift])
        }
        let check = try archive.verify(store: h.store)
        #expect(!check.ok && check.files[0].problems == ["record 2 of the member at offset 0 does not match its checksum: it was changed, removed or reordered"],
                "\(check)")
        #expect(check.records == 3, "the second member is intact and counted")
    }

    @Test func monthsAreNamedByTheUTCCalendar() {
        #expect(JournalArchive.fileName(forMillis: 0) == "journal-1970-01.jsonl.gz")
        #expect(JournalArchive.fileName(forMillis: 1_764_547_199_999) == "journal-2025-11.jsonl.gz")  // 2025-11-30T23:59:59.999Z
        #expect(JournalArchive.fileName(forMillis: 1_764_547_200_000) == "journal-2025-12.jsonl.gz")
        #expect(JournalArchive.fileName(forMillis: 1_709_164_800_000) == "journal-2024-02.jsonl.gz")  // 2024-02-29
        #expect(JournalArchive.fileName(forMillis: -1) == "journal-1969-12.jsonl.gz")
    }
}
