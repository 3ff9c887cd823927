import Foundation
import LedgerProtocol
import LedgerServer
import ReturnsTestKit
import Testing

/// Any station token could cancel any RMA, create RMAs, read any credit note and the global analytics.
/// Now every route admits the roles `LedgerAccess` lists, and a wrong role gets 403 naming the role it needs.
@Suite struct RoleTests {
    static func concrete(_ route: String) -> (method: String, path: String) {
        let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
        let path = parts[1]
            .replacingOccurrences(of: "{number}", with: "X-1")
            .replacingOccurrences(of: "{name}", with: "X-1")
            .replacingOccurrences(of: "{id}", with: "00000000-0000-0000-0000-000000000000")
        return (parts[0], path + (path.hasSuffix("analytics/returns") ? "?from=2026-01-01&to=2026-01-02" : ""))
    }

    @Test func everyRouteAdmitsExactlyItsRoles() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            var tokens: [LedgerRole: String] = [.station: try await api.store.addStation("dock-1")]
            for role in LedgerRole.allCases where role != .station {
                tokens[role] = try await api.store.addCredential("someone-\(role.rawValue)", role: role)
            }
            // The denials the issue names, spelled out so that a change to the table cannot quietly undo them.
            for route in ["POST /v1/rmas", "POST /v1/rmas/{number}/cancel", "GET /v1/credit-notes/{number}", "GET /v1/analytics/returns"] {
                #expect(LedgerAccess.routes[route]?.contains(.station) == false, "a station token may use \(route)")
            }
            for route in ["POST /v1/return-notes", "GET /v1/orders"] {
                #expect(LedgerAccess.routes[route] == [.station], "\(route) admits more than stations")
            }
            for (route, allowed) in LedgerAccess.routes {
                let (method, path) = Self.concrete(route)
                for role in LedgerRole.allCases {
                    let reply = try await api.request(method == "GET" ? .GET : .POST, path, token: tokens[role]!,
                                                      json: method == "POST" ? Data("{}".utf8) : nil)
                    if allowed.contains(role) {
                        #expect(reply.status != 403, "\(role.rawValue) refused on \(route): \(String(decoding: reply.body, as: UTF8.self))")
                    } else {
                        #expect(reply.status == 403, "\(role.rawValue) admitted on \(route): HTTP \(reply.status)")
                        let message = reply.error?.message ?? ""
                        #expect(message.contains("needs the role") && allowed.allSatisfy { message.contains($0.rawValue) }, "\(message)")
                    }
                }
                #expect(try await api.request(method == "GET" ? .GET : .POST, path, token: nil).status == 401)
            }
        }
    }

    @Test func aStationReadsOnlyItsOwnNotesAndARevokedCredentialIsRefusedAtOnce() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-1")])
            let one = try await api.store.addStation("dock-1"), two = try await api.store.addStation("dock-2")
            let result = try await api.accept(Fixtures.note("dock-1", "N-1", order: "SO-1", [Fixtures.line(1)]), token: one)
            let other = try await api.get("/v1/return-notes/\(result.noteID)", token: two)
            #expect(other.status == 403 && other.error?.message.contains("belongs to station dock-1") == true)
            let finance = try await api.store.addCredential("finance-1", role: .finance)
            #expect(try await api.get("/v1/return-notes/\(result.noteID)", token: finance).status == 200)
            let number = try #require(result.creditNote?.number)
            #expect(try await api.get("/v1/credit-notes/\(number)", token: finance).status == 200)
            #expect(try await api.get("/v1/credit-notes/\(number)", token: one).status == 403)
            // Adding it again is refused; --rotate replaces the token; revoking ends it at once.
            await #expect(throws: LedgerError.self) { try await api.store.addCredential("finance-1", role: .finance) }
            let rotated = try await api.store.addCredential("finance-1", role: .finance, rotate: true)
            #expect(try await api.get("/v1/credit-notes/\(number)", token: finance).status == 401)
            try await api.store.revokeCredential("finance-1")
            #expect(try await api.get("/v1/credit-notes/\(number)", token: rotated).status == 401)
            await #expect(throws: LedgerError.self) { try await api.store.addCredential("dock-3", role: .station) }
        }
    }

    @Test func theCommandLineMakesListsAndRevokesCredentials() async throws {
        let ledger = try await LedgerFixture.make()
        let url = ledger.databaseURL.urlString
        let added = try ProcessRunner.run("returns-ledger", ["credential", "add", "lead@dock", "--role", "admin", "--database-url", url])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.hasPrefix("rl_"))
        let wrong = try ProcessRunner.run("returns-ledger", ["credential", "add", "x", "--role", "cashier", "--database-url", url])
        #expect(wrong.status != 0 && wrong.stderr.contains("cashier"), "\(wrong.stderr)")
        #expect(try ProcessRunner.run("returns-ledger", ["credential", "list", "--database-url", url]).stdout == "lead@dock\tadmin\tactive\n")
        // The last administrator is kept: the command names why and changes nothing.
        let last = try ProcessRunner.run("returns-ledger", ["credential", "revoke", "lead@dock", "--database-url", url])
        #expect(last.status != 0 && last.stderr.contains("last active administrator"), "\(last.stderr)")
        #expect(try ProcessRunner.run("returns-ledger", ["credential", "add", "finance@dock", "--role", "finance", "--database-url", url]).status == 0)
        #expect(try ProcessRunner.run("returns-ledger", ["credential", "revoke", "finance@dock", "--database-url", url]).status == 0)
        #expect(try ProcessRunner.run("returns-ledger", ["credential", "list", "--database-url", url]).stdout
                == "finance@dock\tfinance\trevoked\nlead@dock\tadmin\tactive\n")
    }
}
