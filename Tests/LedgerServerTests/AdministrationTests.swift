import Foundation
import LedgerProtocol
import LedgerServer
import ReturnsTestKit
import Testing

/// Administrators manage stations, credentials and order imports over HTTP with an admin token, as
/// `returns-ledger station|credential|import-orders` do on the ledger host.
@Suite struct AdministrationTests {
    @Test func anAdministratorIssuesRotatesAndRevokesStationTokens() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let admin = try await api.store.addCredential("admin-1", role: .admin)
            let created = try await api.post("/v1/stations", token: admin, StationCreateRequest(name: "dock-9"))
            #expect(created.status == 201)
            let issued: IssuedTokenDTO = try created.decode()
            #expect(issued.name == "dock-9" && issued.role == "station")
            #expect(try await api.get("/v1/orders", token: issued.token).status == 200)

            // An active station keeps its token unless asked to rotate it.
            let again = try await api.post("/v1/stations", token: admin, StationCreateRequest(name: "dock-9"))
            #expect(again.status == 409 && again.error?.message.contains("rotate") == true)
            let rotated: IssuedTokenDTO = try await api.post("/v1/stations", token: admin, StationCreateRequest(name: "dock-9", rotate: true)).decode()
            #expect(rotated.token != issued.token)
            #expect(try await api.get("/v1/orders", token: issued.token).status == 401)
            #expect(try await api.get("/v1/orders", token: rotated.token).status == 200)

            let list: TokenHolderListDTO = try await api.get("/v1/stations", token: admin).decode()
            #expect(list.items == [TokenHolderDTO(name: "dock-9", role: "station", active: true)])
            let revoked = try await api.request(.POST, "/v1/stations/dock-9/revoke", token: admin)
            #expect(try revoked.status == 200 && revoked.decode(TokenHolderDTO.self).active == false)
            #expect(try await api.get("/v1/orders", token: rotated.token).status == 401)
            #expect(try await api.request(.POST, "/v1/stations/dock-404/revoke", token: admin).status == 404)
            let bad = try await api.post("/v1/stations", token: admin, StationCreateRequest(name: "dock 9"))
            #expect(bad.status == 422 && bad.error?.message.contains("must be 1–64 letters") == true)
        }
    }

    @Test func anAdministratorManagesCredentialsButNotItsOwnRevocation() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let admin = try await api.store.addCredential("admin-1", role: .admin)
            let finance: IssuedTokenDTO = try await api.post("/v1/credentials", token: admin,
                                                              CredentialCreateRequest(name: "finance@example.com", role: "finance")).decode()
            #expect(finance.role == "finance")
            // The new token has exactly its role: finance reads the analysis, may not create an RMA.
            #expect(try await api.get("/v1/analytics/returns?from=2026-01-01&to=2026-01-02", token: finance.token).status == 200)
            #expect(try await api.post("/v1/rmas", token: finance.token, RMACreateRequest(orderNumber: "SO-1", lines: [])).status == 403)
            #expect(try await api.get("/v1/stations", token: finance.token).status == 403)

            for role in ["station", "root", ""] {
                let refused = try await api.post("/v1/credentials", token: admin, CredentialCreateRequest(name: "x", role: role))
                #expect(refused.status == 422 && refused.error?.message.contains("customer-service, finance or admin") == true, "\(role)")
            }
            let own = try await api.request(.POST, "/v1/credentials/admin-1/revoke", token: admin)
            #expect(own.status == 409 && own.error?.message.contains("another administrator") == true)
            // Nor demote itself by rotating its own credential into another role (found in review).
            let demoted = try await api.post("/v1/credentials", token: admin, CredentialCreateRequest(name: "admin-1", role: "finance", rotate: true))
            #expect(demoted.status == 409 && demoted.error?.message.contains("another administrator") == true)
            #expect(try await api.get("/v1/credentials", token: admin).status == 200)
            #expect(try await api.get("/v1/credentials", token: admin).status == 200)

            // As a browser or `encodeURIComponent` sends the name.
            let revoked: TokenHolderDTO = try await api.request(.POST, "/v1/credentials/finance%40example.com/revoke", token: admin).decode()
            #expect(revoked == TokenHolderDTO(name: "finance@example.com", role: "finance", active: false))
            #expect(try await api.get("/v1/analytics/returns?from=2026-01-01&to=2026-01-02", token: finance.token).status == 401)
            let list: TokenHolderListDTO = try await api.get("/v1/credentials", token: admin).decode()
            #expect(list.items.map(\.name) == ["admin-1", "finance@example.com"] && list.items.map(\.active) == [true, false])
        }
    }

    /// Two administrators revoking each other at the same moment could both succeed and leave none; and the
    /// command line could revoke or demote the last one. The store refuses any change that leaves no active admin.
    @Test func theLastAdministratorCannotBeRevokedEvenByTwoRacingEachOther() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            // Each round: the one active administrator and a new one revoke each other at once; the survivor
            // (exactly one) keeps the next round.
            var keeper = (name: "admin-0", token: try await api.store.addCredential("admin-0", role: .admin))
            for round in 1...15 {
                let rival = (name: "admin-\(round)", token: try await api.store.addCredential("admin-\(round)", role: .admin))
                let current = keeper
                async let keeperRevokesRival = api.request(.POST, "/v1/credentials/\(rival.name)/revoke", token: current.token)
                async let rivalRevokesKeeper = api.request(.POST, "/v1/credentials/\(current.name)/revoke", token: rival.token)
                let statuses = [try await keeperRevokesRival.status, try await rivalRevokesKeeper.status]
                #expect(statuses.filter { $0 == 200 }.count == 1 && statuses.allSatisfy { [200, 401, 409].contains($0) },
                        "round \(round): \(statuses)")
                let active = try await api.store.credentials().filter { $0.role == "admin" && $0.active }.map(\.name)
                #expect(active.count == 1, "round \(round): active administrators \(active)")
                guard let survivor = active.first else { return }
                if survivor == rival.name { keeper = rival }
            }
            // On the command line too: the last one can neither be revoked nor rotated into another role.
            await #expect(throws: LedgerError.self) { try await api.store.revokeCredential(keeper.name) }
            await #expect(throws: LedgerError.self) { _ = try await api.store.addCredential(keeper.name, role: .finance, rotate: true) }
            _ = try await api.store.addCredential("admin-99", role: .admin)
            #expect(try await api.store.revokeCredential(keeper.name) == "admin")
        }
    }

    @Test func anAdministratorImportsOrdersAllOrNothing() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let admin = try await api.store.addCredential("admin-1", role: .admin)
            let station = try await api.store.addStation("dock-1")
            let csv = Fixtures.orderCSV("SO-7") + "\n" + Fixtures.orderCSV("SO-8").split(separator: "\n").dropFirst().joined(separator: "\n")
            let imported = try await api.request(.POST, "/v1/order-imports", token: admin, body: Data(csv.utf8), contentType: "text/csv")
            #expect(try imported.status == 200 && imported.decode(OrderImportResultDTO.self).imported == 2)
            let order: OrderDTO = try await api.get("/v1/orders/SO-8", token: station).decode()
            #expect(order.lines.count == 4 && order.customer == "Müller GmbH")

            // One bad line refuses the whole file, naming line and field.
            let broken = Fixtures.orderCSV("SO-9") + "\nSO-10,1,X,04006381333932,Bad check digit,1,1.00,EUR,19,,,true,2026-01-01,30,C"
            let refused = try await api.request(.POST, "/v1/order-imports", token: admin, body: Data(broken.utf8), contentType: "text/csv")
            #expect(refused.status == 422 && refused.error?.message.contains("line 6, gtin") == true, "\(refused.error?.message ?? "")")
            #expect(try await api.get("/v1/orders/SO-9", token: station).status == 404)

            // A line number PostgreSQL's integer cannot hold was a 500 after the import had taken it.
            let wide = Fixtures.orderCSV("SO-12").replacingOccurrences(of: "SO-12,4,", with: "SO-12,3000000000,")
            let tooWide = try await api.request(.POST, "/v1/order-imports", token: admin, body: Data(wide.utf8), contentType: "text/csv")
            #expect(tooWide.status == 422 && tooWide.error?.message.contains("line 5, line") == true, "\(tooWide.status) \(tooWide.error?.message ?? "")")

            let json = #"[{"order":"SO-11","line":1,"gtin":"04006381333931","quantity":1,"unit_price":"5.00","currency":"EUR","delivered_on":"2026-11-01","return_days":30}]"#
            let fromJSON = try await api.request(.POST, "/v1/order-imports", token: admin, body: Data(json.utf8), contentType: "application/json")
            #expect(fromJSON.status == 200, "\(String(decoding: fromJSON.body, as: UTF8.self))")
            #expect(try await api.get("/v1/orders/SO-11", token: station).status == 200)
        }
    }

    /// The import limit is 32 MiB: a body one byte longer is refused with 413 and nothing is imported.
    @Test func anOrderFileOneByteBeyondTheLimitIsRefused() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let admin = try await api.store.addCredential("admin-1", role: .admin)
            let station = try await api.store.addStation("dock-1")
            func file(_ order: String, size: Int) -> Data {
                let json = Data(#"[{"order":"\#(order)","line":1,"gtin":"04006381333931","quantity":1,"unit_price":"5.00","currency":"EUR","delivered_on":"2026-11-01","return_days":30}]"#.utf8)
                // Padding after the array: whitespace the parser skips, so only the size can refuse the file.
                return json + Data(repeating: UInt8(ascii: " "), count: size - json.count)
            }
            let atLimit = try await api.request(.POST, "/v1/order-imports", token: admin,
                                                body: file("SO-1", size: LedgerRoutes.maxImportBodyBytes), contentType: "application/json")
            #expect(atLimit.status == 200, "\(String(decoding: atLimit.body.prefix(400), as: UTF8.self))")
            #expect(try await api.get("/v1/orders/SO-1", token: station).status == 200)
            let beyond = try await api.request(.POST, "/v1/order-imports", token: admin,
                                               body: file("SO-2", size: LedgerRoutes.maxImportBodyBytes + 1), contentType: "application/json")
            #expect(beyond.status == 413 && beyond.error?.message.contains("over \(LedgerRoutes.maxImportBodyBytes) bytes") == true, "\(String(decoding: beyond.body.prefix(400), as: UTF8.self))")
            #expect(try await api.get("/v1/orders/SO-2", token: station).status == 404)
        }
    }
}
