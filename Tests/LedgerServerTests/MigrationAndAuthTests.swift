import Foundation
import LedgerProtocol
import LedgerServer
import Testing

@Suite struct MigrationAndAuthTests {
    @Test func migrationsAreIdempotentAndSafeToRunConcurrently() async throws {
        let ledger = try await LedgerFixture.make()
        // The fixture migrated once; again, and twice at the same time, applies nothing.
        let again = try await LedgerStore.withStore(url: ledger.databaseURL) { try await $0.migrate() }
        #expect(again.isEmpty)
        async let a = LedgerStore.withStore(url: ledger.databaseURL) { try await $0.migrate() }
        async let b = LedgerStore.withStore(url: ledger.databaseURL) { try await $0.migrate() }
        let (first, second) = try await (a, b)
        #expect(first.isEmpty && second.isEmpty)
        #expect(try await ledger.sql("SELECT count(*) FROM schema_migrations") == "\(LedgerStore.latestSchemaVersion)")

        // A fresh database migrated by two instances at once ends up with each migration exactly once.
        let fresh = try DatabaseURL(try await ledger.cluster.createDatabase(prefix: "fresh"))
        async let c = LedgerStore.withStore(url: fresh) { try await $0.migrate() }
        async let d = LedgerStore.withStore(url: fresh) { try await $0.migrate() }
        let (applied1, applied2) = try await (c, d)
        let applied = applied1 + applied2
        #expect(applied.sorted() == LedgerMigrations_versions)
    }

    @Test func tokensAddRevokeAndWrongToken() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let token = try await api.store.addStation("dock-1")
            #expect(token.hasPrefix("rl_") && token.count > 40)
            // Only the hash is stored.
            #expect(try await ledger.sql("SELECT count(*) FROM stations WHERE token_sha256 = '\(token)'") == "0")
            #expect(try await ledger.sql("SELECT token_sha256 FROM stations") == StationToken.hash(token))

            #expect(try await api.get("/v1/health", token: nil).status == 200)
            #expect(try await api.get("/v1/orders?after=0", token: token).status == 200)
            let missing = try await api.get("/v1/orders?after=0", token: nil)
            #expect(missing.status == 401 && missing.error?.code == "unauthorized")
            #expect(try await api.get("/v1/orders?after=0", token: "rl_wrong").status == 401)

            await #expect(throws: LedgerError.self) { try await api.store.addStation("dock-1") }
            try await api.store.revokeStation("dock-1")
            #expect(try await api.get("/v1/orders?after=0", token: token).status == 401)
            // Re-adding a revoked station gives a new token; the old one stays dead.
            let renewed = try await api.store.addStation("dock-1")
            #expect(try await api.get("/v1/orders?after=0", token: renewed).status == 200)
            #expect(try await api.get("/v1/orders?after=0", token: token).status == 401)
            await #expect(throws: LedgerError.self) { try await api.store.revokeStation("nobody") }
        }
    }

    @Test func aStationActsOnlyAsItself() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-A")])
            let one = try await api.store.addStation("dock-1")
            let two = try await api.store.addStation("dock-2")
            let note = Fixtures.note("dock-2", "N-1", order: "SO-A", [Fixtures.line(1)])
            let forged = try await api.submit(note, token: one)
            #expect(forged.status == 403 && forged.error?.code == "forbidden")
            #expect(try await ledger.sql("SELECT count(*) FROM return_notes") == "0")
            _ = try await api.accept(note, token: two)
            #expect(try await api.get("/v1/return-notes/\(note.id)", token: two).status == 200)
            #expect(try await api.get("/v1/return-notes/\(note.id)", token: one).status == 403)
        }
    }

    @Test func errorsAreJSONWithTheRightStatus() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let token = try await api.store.addStation("dock-1")
            let unknownPath = try await api.get("/v1/nothing-here", token: token)
            #expect(unknownPath.status == 404 && unknownPath.error != nil)
            #expect(try await api.get("/v1/orders/SO-NONE", token: token).error?.code == "notFound")
            let garbage = try await api.request(.POST, "/v1/return-notes", token: token, json: Data("{not json".utf8))
            #expect(garbage.status == 422 && garbage.error?.code == "invalidRequest")
            #expect(try await api.get("/v1/orders?after=-3", token: token).status == 422)
            #expect(try await api.get("/v1/orders?limit=0", token: token).status == 422)
            #expect(try await api.get("/v1/return-notes/not-a-uuid", token: token).status == 404)
            // A note for an order the ledger does not know is not stored: the station retries after the import.
            let early = try await api.submit(Fixtures.note("dock-1", "N-1", order: "SO-LATER", [Fixtures.line(1)]), token: token)
            #expect(early.status == 404 && early.error?.code == "orderNotFound")
            var bad = Fixtures.note("dock-1", "N-2", order: "SO-LATER", [Fixtures.line(2, quantity: 2, serials: ["X"])])
            #expect(try await api.submit(bad, token: token).status == 422)
            bad.lines = [Fixtures.line(1, quantity: 0)]
            #expect(try await api.submit(bad, token: token).status == 422)
        }
    }
}

private let LedgerMigrations_versions = Array(1...LedgerStore.latestSchemaVersion)
