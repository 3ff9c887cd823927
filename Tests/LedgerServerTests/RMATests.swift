import Foundation
import LedgerProtocol
import LedgerServer
import ReturnsCore
import Testing

@Suite struct RMATests {
    @Test func anRMALimitsWhatComesBackAndCanBeCancelled() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-1")])
            let token = try await api.store.addStation("dock-1")
            let service = try await api.store.addCredential("anna@service", role: .customerService)
            let created = try await api.post("/v1/rmas", token: service,
                                             RMACreateRequest(orderNumber: "SO-1", lines: [.init(orderLine: 1, quantity: 1)], expiresInDays: 14))
            #expect(created.status == 201)
            let rma: RMADTO = try created.decode()
            #expect(IdentifierPattern.defaultRMA.matches(rma.number))
            #expect(rma.status == .open && rma.createdBy == "anna@service" && rma.order.number == "SO-1")
            #expect(rma.expiresAtMillis - rma.createdAtMillis == 14 * 86_400_000)

            let looked: RMADTO = try await api.get("/v1/rmas/\(rma.number)", token: token).decode()
            #expect(looked.lines == [RMALineDTO(orderLine: 1, quantityAuthorised: 1, quantityReturned: 0)])

            let result = try await api.accept(Fixtures.note("dock-1", "R-1", order: "SO-1", rma: rma.number,
                                                            [Fixtures.line(1, quantity: 2), Fixtures.line(2, serials: ["SO-1-S1"])]), token: token)
            #expect(result.acceptedLines.map(\.quantity) == [1])
            #expect(result.refusedLines.map(\.reason) == [.notAuthorised, .notAuthorised])
            let used: RMADTO = try await api.get("/v1/rmas/\(rma.number)", token: token).decode()
            #expect(used.status == .completed && used.lines.first?.quantityReturned == 1)

            // Too many units, an unknown line, an unknown order: 422 / 404.
            #expect(try await api.post("/v1/rmas", token: service, RMACreateRequest(orderNumber: "SO-1", lines: [.init(orderLine: 1, quantity: 5)])).status == 422)
            #expect(try await api.post("/v1/rmas", token: service, RMACreateRequest(orderNumber: "SO-1", lines: [.init(orderLine: 8, quantity: 1)])).status == 422)
            #expect(try await api.post("/v1/rmas", token: service, RMACreateRequest(orderNumber: "SO-0", lines: [.init(orderLine: 1, quantity: 1)])).status == 404)

            let second: RMADTO = try await api.post("/v1/rmas", token: service,
                                                    RMACreateRequest(orderNumber: "SO-1", lines: [.init(orderLine: 1, quantity: 1)])).decode()
            let cancelled = try await api.request(.POST, "/v1/rmas/\(second.number)/cancel", token: service)
            #expect(try cancelled.decode(RMADTO.self).status == .cancelled)
            let refused = try await api.accept(Fixtures.note("dock-1", "R-2", order: "SO-1", rma: second.number, [Fixtures.line(1)]), token: token)
            #expect(refused.status == .refused && refused.refusedLines.map(\.reason) == [.notAuthorised])
            #expect(try await api.request(.POST, "/v1/rmas/RMA-999999/cancel", token: service).status == 404)
            let unknown = try await api.accept(Fixtures.note("dock-1", "R-3", order: "SO-1", rma: "RMA-424242", [Fixtures.line(1)]), token: token)
            #expect(unknown.refusedLines.map(\.reason) == [.notAuthorised])
        }
    }

    @Test func anExpiredRMAIsJudgedByTheNotesCloseTime() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-E")])
            let token = try await api.store.addStation("dock-1")
            let issued = Date().addingTimeInterval(-3 * 86_400)
            let rma = try await api.store.createRMA(
                RMACreateRequest(orderNumber: "SO-E", lines: [.init(orderLine: 1, quantity: 2)], expiresInDays: 1),
                createdBy: "cs", now: issued)
            let shown: RMADTO = try await api.get("/v1/rmas/\(rma.number)", token: token).decode()
            #expect(shown.status == .expired)
            let late = try await api.accept(Fixtures.note("dock-1", "E-1", order: "SO-E", rma: rma.number, [Fixtures.line(1)]), token: token)
            #expect(late.refusedLines.map(\.reason) == [.notAuthorised])
            // Closed while the RMA was valid, delivered late (the station was offline): honoured.
            let inTime = try await api.accept(Fixtures.note("dock-1", "E-2", order: "SO-E", rma: rma.number,
                                                            closedAt: issued.addingTimeInterval(3600), [Fixtures.line(1)]), token: token)
            #expect(inTime.status == .accepted)
        }
    }
}
