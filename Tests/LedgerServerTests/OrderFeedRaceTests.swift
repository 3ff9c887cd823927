import Foundation
import LedgerProtocol
import LedgerServer
import Synchronization
import Testing

/// State the importer and the follower share.
private final class Shared: Sendable {
    let seen = Mutex<[String: Int64]>([:])
    let writing = Atomic<Bool>(true)
    let importersLeft = Atomic<Int>(4)
}

/// What a station reads of an order must let it count each unit exactly once, whatever races it.
@Suite struct OrderFeedRaceTests {
    /// Each line says what *other* stations returned, from the same snapshot as the total: the asking station adds
    /// its own notes to that, so a note the ledger took but the station has not recorded yet is not counted twice.
    @Test func eachStationSeesWhatTheOthersReturned() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-1", quantity: 3)])
            let one = try await api.store.addStation("dock-1")
            let two = try await api.store.addStation("dock-2")
            _ = try await api.accept(Fixtures.note("dock-1", "A-1", order: "SO-1", [Fixtures.line(1, quantity: 2)]), token: one)
            _ = try await api.accept(Fixtures.note("dock-2", "B-1", order: "SO-1", [Fixtures.line(1)]), token: two)
            _ = try await api.accept(Fixtures.note("dock-2", "B-2", order: "SO-1", [Fixtures.line(2, serials: ["SO-1-S2"])]), token: two)

            let seenByOne: OrderDTO = try await api.get("/v1/orders/SO-1", token: one).decode()
            let seenByTwo: OrderDTO = try await api.get("/v1/orders/SO-1", token: two).decode()
            #expect(seenByOne.lines.first { $0.line == 1 }?.quantityReturned == 3)
            #expect(seenByOne.lines.first { $0.line == 1 }?.quantityReturnedByOthers == 1)
            #expect(seenByTwo.lines.first { $0.line == 1 }?.quantityReturnedByOthers == 2)
            #expect(seenByOne.lines.first { $0.line == 2 }?.serialsReturnedByOthers == ["SO-1-S2"])
            #expect(seenByTwo.lines.first { $0.line == 2 }?.serialsReturnedByOthers == [])
            #expect(seenByOne.carriesOtherStationsReturns)
            #expect(try seenByOne.salesOrder(othersOnly: true).line(1)?.quantityReturned == 1)
            let feed: OrderFeedPage = try await api.get("/v1/orders?after=0", token: two).decode()
            #expect(feed.orders.first?.lines.first { $0.line == 1 }?.quantityReturnedByOthers == 2)
        }
    }

    /// An importer changes orders while a station follows the feed page by page. Afterwards the follower must have
    /// seen every order at its final change: a cursor that ran past a change loses it forever.
    @Test func aFollowerOfTheFeedNeverSkipsAChangeMadeWhileItReads() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let rounds = 200
            let numbers = (0..<(2 * rounds)).map { "SO-F\($0)" }
            _ = try await api.store.importOrders(try numbers.map { try Fixtures.order($0) })
            let token = try await api.store.addStation("dock-1")
            let shared = Shared()
            var cursor: Int64 = try await withThrowingTaskGroup(of: Int64?.self) { group in
                // Four importers, one order per transaction, each order changed once more: a change the follower
                // skips is never sent again.
                for importer in 0..<4 {
                    group.addTask {
                        defer { if shared.importersLeft.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { shared.writing.store(false, ordering: .releasing) } }
                        for round in stride(from: importer, to: numbers.count, by: 4) {
                            _ = try await api.store.importOrders([try Fixtures.order(numbers[round])])
                        }
                        return nil
                    }
                }
                group.addTask {
                    var follow: Int64 = 0
                    while shared.writing.load(ordering: .acquiring) {
                        let page: OrderFeedPage = try await api.get("/v1/orders?after=\(follow)&limit=1", token: token).decode()
                        shared.seen.withLock { s in for order in page.orders { s[order.number] = max(s[order.number] ?? 0, order.changeCursor) } }
                        follow = page.nextCursor
                    }
                    return follow
                }
                var follower: Int64 = 0
                for try await result in group { if let result { follower = result } }
                return follower
            }
            // Drain what is left after the writer stopped, as the station's next prefetch would.
            while true {
                let page: OrderFeedPage = try await api.get("/v1/orders?after=\(cursor)&limit=3", token: token).decode()
                shared.seen.withLock { s in for order in page.orders { s[order.number] = max(s[order.number] ?? 0, order.changeCursor) } }
                cursor = page.nextCursor
                if !page.hasMore { break }
            }
            let final = try await api.get("/v1/orders?after=0&limit=1000", token: token).decode(OrderFeedPage.self)
            let missed = final.orders.filter { shared.seen.withLock { $0 }[$0.number] != $0.changeCursor }.map(\.number)
            #expect(missed.isEmpty, "changes the follower never saw: \(missed)")
        }
    }
}
