import Dispatch
import Foundation
import ReturnsTestKit
import SupervisorClient
import Synchronization
import Testing

/// Supervisors racing each other over the real socket: exactly one decision wins.
@Suite(.serialized) struct SupervisorRaceTests {
    /// Ten concurrent requests on one exception, as ten connections; returns the HTTP status of each.
    func race(_ daemon: DaemonHarness, _ paths: [String]) -> [Int] {
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let status: Int
            do { status = try daemon.client.request("POST", paths[index]).status } catch {
                let kind = (error as? ClientError)?.kind
                status = kind == .refused ? 409 : -Int(kind?.rawValue ?? 99)
            }
            statuses.withLock { $0.append(status) }
        }
        return statuses.withLock { $0 }
    }

    /// An over-return of the headphones (SO-1001 line 1, sold 2) after both were accepted.
    func overReturnException(_ daemon: DaemonHarness) throws -> Int {
        try daemon.scan("SO-1001", "QTY:2", "4006381333931", "4006381333931")
        let journal = try daemon.journal(count: 4)
        #expect(journal.map { $0["outcome"] as? String } == ["sessionOpened", "commandApplied", "accepted", "overReturn"])
        let open = try #require(try daemon.get("/v1/exceptions?status=open") as? [[String: Any]])
        return try #require(open.first?["id"] as? Int)
    }

    func unitsInNote(_ daemon: DaemonHarness) throws -> Int {
        try daemon.scan("CMD:CLOSE")
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let note = (try daemon.get("/v1/notes") as? [[String: Any]])?.first {
                return (note["lines"] as? [[String: Any]] ?? []).compactMap { $0["quantity"] as? Int }.reduce(0, +)
            }
            usleep(20_000)
        }
        throw TestKitError("no note after CLOSE")
    }

    @Test func tenConcurrentApprovalsOfOneExceptionCountTheItemOnce() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let id = try overReturnException(daemon)
        let statuses = race(daemon, Array(repeating: "/v1/exceptions/\(id)/approve", count: 10))
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 409 }.count == 9, "\(statuses)")
        #expect((try daemon.get("/v1/exceptions?status=approved") as? [[String: Any]])?.count == 1)
        #expect(try unitsInNote(daemon) == 3, "2 accepted + the one approved over-return, once")
    }

    @Test func approveRacingRejectDecidesOnce() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        let id = try overReturnException(daemon)
        let paths = (0..<10).map { "/v1/exceptions/\(id)/" + ($0.isMultiple(of: 2) ? "approve" : "reject") }
        let statuses = race(daemon, paths)
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        let approved = (try daemon.get("/v1/exceptions?status=approved") as? [[String: Any]])?.count ?? 0
        let rejected = (try daemon.get("/v1/exceptions?status=rejected") as? [[String: Any]])?.count ?? 0
        #expect(approved + rejected == 1)
        #expect(try unitsInNote(daemon) == 2 + approved)
    }

    @Test func anApprovalCountsTheQuantityTheOperatorScanned() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        defer { _ = try? daemon.stop() }
        try daemon.scan("SO-1001", "QTY:3", "4006381333931")  // three headphones on a line sold twice
        #expect(try daemon.journal(count: 3).last?["outcome"] as? String == "overReturn")
        let id = try #require((try daemon.get("/v1/exceptions?status=open") as? [[String: Any]])?.first?["id"] as? Int)
        let approved = try daemon.client.request("POST", "/v1/exceptions/\(id)/approve")
        #expect(approved.text.contains("3 × "), "\(approved.text)")
        #expect(try unitsInNote(daemon) == 3)
    }
}
