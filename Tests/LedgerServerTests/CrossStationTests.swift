import Foundation
import LedgerProtocol
import LedgerServer
import Testing

@Suite struct CrossStationTests {
    @Test func orderLookupShowsWhatEveryStationReturned() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-1"), try Fixtures.order("SO-2")])
            let one = try await api.store.addStation("dock-1")
            let two = try await api.store.addStation("dock-2")
            let feed0: OrderFeedPage = try await api.get("/v1/orders?after=0", token: one).decode()
            #expect(feed0.orders.map(\.number) == ["SO-1", "SO-2"] && !feed0.hasMore)

            _ = try await api.accept(Fixtures.note("dock-1", "A-1", order: "SO-1", [Fixtures.line(1)]), token: one)
            _ = try await api.accept(Fixtures.note("dock-2", "B-1", order: "SO-1", [Fixtures.line(2, serials: ["SO-1-S2"])]), token: two)

            let order: OrderDTO = try await api.get("/v1/orders/SO-1", token: one).decode()
            #expect(order.lines.first { $0.line == 1 }?.quantityReturned == 1)
            #expect(order.lines.first { $0.line == 2 }?.quantityReturned == 1)
            #expect(order.lines.first { $0.line == 2 }?.serialsReturned == ["SO-1-S2"])
            #expect(try order.salesOrder().line(2)?.serialsReturned == ["SO-1-S2"])

            // The feed after the first page holds only the order that changed since, once, at its latest cursor.
            let feed1: OrderFeedPage = try await api.get("/v1/orders?after=\(feed0.nextCursor)", token: two).decode()
            #expect(feed1.orders.map(\.number) == ["SO-1"])
            #expect(feed1.orders[0].lines.first { $0.line == 1 }?.quantityReturned == 1)
            let paged: OrderFeedPage = try await api.get("/v1/orders?after=0&limit=1", token: two).decode()
            #expect(paged.orders.map(\.number) == ["SO-2"] && paged.hasMore)
            let empty: OrderFeedPage = try await api.get("/v1/orders?after=\(feed1.nextCursor)", token: two).decode()
            #expect(empty.orders.isEmpty && empty.nextCursor == feed1.nextCursor)
        }
    }

    @Test func twoStationsOfferingTheLastUnitAtOnceGetOneAcceptance() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let rounds = 12
            _ = try await api.store.importOrders(try (0..<rounds).map { try Fixtures.order("SO-R\($0)", quantity: 1) })
            let tokens = [try await api.store.addStation("dock-1"), try await api.store.addStation("dock-2")]
            for round in 0..<rounds {
                let results = try await withThrowingTaskGroup(of: ReturnNoteResult.self) { group in
                    for (index, station) in ["dock-1", "dock-2"].enumerated() {
                        let note = Fixtures.note(station, "N-\(round)", order: "SO-R\(round)", [Fixtures.line(1)])
                        group.addTask { try await api.accept(note, token: tokens[index]) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.accepted, .refused])
                #expect(results.flatMap(\.refusedLines).map(\.reason) == [.alreadyReturned])
            }
            #expect(try await ledger.sql("SELECT sum(quantity) FROM stock_movements") == "\(rounds)")
            #expect(try await ledger.sql("SELECT count(*) FROM order_lines WHERE line = 1 AND quantity_returned = 1") == "\(rounds)")
        }
    }

    @Test func aSerialIsReturnedOnceAcrossStations() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-S")])
            let one = try await api.store.addStation("dock-1")
            let two = try await api.store.addStation("dock-2")
            let first = try await api.accept(Fixtures.note("dock-1", "A", order: "SO-S", [Fixtures.line(2, serials: ["SO-S-S1"])]), token: one)
            #expect(first.status == .accepted)
            let second = try await api.accept(
                Fixtures.note("dock-2", "B", order: "SO-S", [Fixtures.line(2, quantity: 2, serials: ["SO-S-S1", "SO-S-S2"])]), token: two)
            #expect(second.status == .partiallyAccepted)
            #expect(second.refusedLines.map(\.reason) == [.serialAlreadyReturned])
            #expect(second.refusedLines.first?.serials == ["SO-S-S1"])
            #expect(second.acceptedLines.first?.serials == ["SO-S-S2"])
            let foreign = try await api.accept(Fixtures.note("dock-2", "C", order: "SO-S", [Fixtures.line(2, serials: ["OTHER-1"])]), token: two)
            #expect(foreign.refusedLines.map(\.reason) == [.notOnOrder])
            #expect(try await ledger.sql("SELECT string_agg(serial, ',' ORDER BY serial) FROM returned_serials") == "SO-S-S1,SO-S-S2")
        }
    }

    @Test func windowAndReturnableAreRechecked() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-W")])
            let token = try await api.store.addStation("dock-1")
            let result = try await api.accept(Fixtures.note("dock-1", "W", order: "SO-W",
                [Fixtures.line(3), Fixtures.line(4), Fixtures.line(9), Fixtures.line(1, quantity: 3)]), token: token)
            #expect(result.refusedLines.map(\.reason) == [.notReturnable, .outsideWindow, .notOnOrder, .alreadyReturned])
            #expect(result.acceptedLines.map(\.quantity) == [2])
            // The window is judged by the note's close day: closed 90 days ago, while line 4's window (delivered 100
            // days ago, 30 days) was open, the note is accepted although it arrives only now.
            var late = Fixtures.note("dock-1", "W2", order: "SO-W", closedAt: Date().addingTimeInterval(-86_400 * 90), [Fixtures.line(4)])
            late.closedOn = nil
            #expect(try await api.accept(late, token: token).status == .accepted)
        }
    }
}
