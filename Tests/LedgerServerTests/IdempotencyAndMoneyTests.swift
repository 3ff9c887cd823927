import Foundation
import LedgerProtocol
import LedgerServer
import ReturnsCore
import Testing

@Suite struct IdempotencyAndMoneyTests {
    @Test func resubmissionReturnsTheStoredResultAndAChangedBodyConflicts() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-I")])
            let token = try await api.store.addStation("dock-1")
            let note = Fixtures.note("dock-1", "N-1", order: "SO-I", [Fixtures.line(1), Fixtures.line(2, serials: ["SO-I-S1"])])
            let first = try await api.submit(note, token: token)
            #expect(first.status == 201)
            let again = try await api.submit(note, token: token)
            #expect(again.status == 200)
            #expect(try again.decode(ReturnNoteResult.self) == first.decode(ReturnNoteResult.self))
            // Several copies at once (a retry racing the original): one judgement, the same result for all.
            let replies = try await withThrowingTaskGroup(of: RunningLedger.Reply.self) { group in
                for _ in 0..<6 { group.addTask { try await api.submit(note, token: token) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == 200 })
            #expect(try replies.map { try $0.decode(ReturnNoteResult.self) }.allSatisfy { $0 == (try first.decode(ReturnNoteResult.self)) })
            #expect(try await ledger.sql("SELECT count(*) FROM stock_movements") == "2")
            #expect(try await ledger.sql("SELECT count(*) FROM credit_notes") == "1")

            var changed = note
            changed.lines[0].quantity = 2
            let conflict = try await api.submit(changed, token: token)
            #expect(conflict.status == 409 && conflict.error?.code == "conflict")
            var renumbered = Fixtures.note("dock-1", "N-1", order: "SO-I", [Fixtures.line(1)])
            renumbered.customer = "x"
            let taken = try await api.submit(renumbered, token: token)
            #expect(taken.status == 409 && taken.error?.code == "noteNumberTaken")
            #expect(try await ledger.sql("SELECT quantity_returned FROM order_lines WHERE line = 1") == "1")
        }
    }

    @Test func stockMovementsAndCreditTotalsAddUp() async throws {
        var configuration = LedgerConfiguration()
        try configuration.overrideLocations(["RESTOCK=shop-floor"])
        let ledger = try await LedgerFixture.make(configuration: configuration)
        try await ledger.serve { api in
            let order = try Fixtures.order("SO-M", quantity: 2)
            _ = try await api.store.importOrders([order])
            let token = try await api.store.addStation("dock-1")
            let lines = [
                Fixtures.line(1, condition: .opened, reason: .noLongerNeeded, disposition: .restock),
                Fixtures.line(1, condition: .damaged, reason: .noLongerNeeded, disposition: .scrap),
                Fixtures.line(2, serials: ["SO-M-S1"], condition: .defective, reason: .quality, disposition: .returnToVendor),
                Fixtures.line(2, serials: ["SO-M-S2"], condition: .missingParts, reason: .other, disposition: .quarantine),
            ]
            let result = try await api.accept(Fixtures.note("dock-1", "M-1", order: "SO-M", lines), token: token)
            #expect(result.status == .accepted)
            #expect(result.acceptedLines.map(\.location) == ["shop-floor", "scrap", "vendor-returns", "quarantine"])
            let credit = try #require(result.creditNote)
            // The same RefundPolicy the station uses, line by line.
            let expected = lines.map { line in
                let orderLine = order.line(line.orderLine)!
                return try! RefundPolicy.standard.refund(unitPrice: orderLine.unitPrice, quantity: line.quantity,
                                                    taxRateBasisPoints: orderLine.taxRateBasisPoints, inspection: line.inspection)
            }
            #expect(credit.lines.map(\.refundMinor) == expected.map(\.refund.minorUnits))
            #expect(credit.lines.map(\.feeMinor) == expected.map(\.fee.minorUnits))
            #expect(credit.refundMinor == expected.reduce(0) { $0 + $1.refund.minorUnits })
            #expect(credit.grossMinor - credit.feeMinor + credit.taxMinor == credit.refundMinor)
            #expect(credit.refundStatus == .pending)
            #expect(try await ledger.sql("SELECT sum(refund_minor) FROM credit_note_lines") == "\(credit.refundMinor)")
            #expect(try await ledger.sql("SELECT string_agg(location || ':' || quantity, ',' ORDER BY id) FROM stock_movements")
                    == "shop-floor:1,scrap:1,vendor-returns:1,quarantine:1")

            let paid = try await api.store.markPaid(credit.number, reference: "TX-9")
            #expect(paid.refundStatus == .paid && paid.paymentReference == "TX-9")
            let reread: ReturnNoteResult = try await api.get("/v1/return-notes/\(result.noteID)", token: token).decode()
            #expect(reread.creditNote?.refundStatus == .paid)
            let finance = try await api.store.addCredential("finance-bot", role: .finance)
            let fetched: CreditNoteDTO = try await api.get("/v1/credit-notes/\(credit.number)", token: finance).decode()
            #expect(fetched == paid)

            let from = Fixtures.today.adding(days: -1).iso, to = Fixtures.today.adding(days: 1).iso
            let totals: ReturnsAnalyticsDTO = try await api.get("/v1/analytics/returns?from=\(from)&to=\(to)", token: finance).decode()
            #expect(totals.notes == 1 && totals.quantity == 4)
            #expect(totals.byDisposition.map(\.key).sorted() == ["QUARANTINE", "RESTOCK", "RETURN_TO_VENDOR", "SCRAP"])
            #expect(totals.refundMinorByCurrency["EUR"] == credit.refundMinor)
            #expect(try await api.get("/v1/analytics/returns?from=\(to)&to=\(from)", token: finance).status == 422)
        }
    }

    @Test func creditNoteNumbersStayGaplessUnderConcurrency() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            let orders = 10
            _ = try await api.store.importOrders(try (0..<orders).map { try Fixtures.order("SO-G\($0)") })
            var tokens: [String] = []
            for station in 0..<4 { tokens.append(try await api.store.addStation("dock-\(station)")) }
            let frozenTokens = tokens
            // 4 stations × 10 notes at once; every third note returns only the non-returnable line (no credit note).
            let results = try await withThrowingTaskGroup(of: ReturnNoteResult.self) { group in
                for station in 0..<4 {
                    for index in 0..<10 {
                        let line = index % 3 == 0 ? Fixtures.line(3) : Fixtures.line(1)
                        let note = Fixtures.note("dock-\(station)", "N-\(index)", order: "SO-G\(index % orders)", [line])
                        group.addTask { try await api.accept(note, token: frozenTokens[station]) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let numbers = results.compactMap(\.creditNote?.number).sorted()
            #expect(numbers == (1...numbers.count).map { String(format: "CN-%06d", $0) })
            // Each order's line 1 had 2 units: exactly 2 accepted per order whose notes asked for it.
            #expect(try await ledger.sql("SELECT max(quantity_returned) FROM order_lines WHERE line = 1") == "2")
            #expect(try await ledger.sql("SELECT count(*) FROM credit_notes") == "\(numbers.count)")
            #expect(try await ledger.sql("SELECT sum(quantity) FROM stock_movements") == "\(numbers.count)")
        }
    }

    @Test func aRestartedLedgerLosesNothing() async throws {
        let ledger = try await LedgerFixture.make()
        let (token, first) = try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-X")])
            let token = try await api.store.addStation("dock-1")
            var notes: [ReturnNoteSubmission] = []
            for index in 0..<5 {
                let note = Fixtures.note("dock-1", "N-\(index)", order: "SO-X", [Fixtures.line(4 - index % 2 * 3)])
                _ = try await api.accept(note, token: token)
                notes.append(note)
            }
            return (token, notes)
        }
        // A new server process-equivalent (new app, new pool) on the same database.
        try await ledger.serve { api in
            for note in first {
                let again = try await api.submit(note, token: token)
                #expect(again.status == 200)
            }
            let order: OrderDTO = try await api.get("/v1/orders/SO-X", token: token).decode()
            #expect(order.lines.first { $0.line == 1 }?.quantityReturned == 2)
            let more = try await api.accept(Fixtures.note("dock-1", "N-9", order: "SO-X", [Fixtures.line(1)]), token: token)
            #expect(more.refusedLines.map(\.reason) == [.alreadyReturned])
            #expect(try await ledger.sql("SELECT count(*) FROM return_notes") == "6")
            #expect(try await ledger.sql("SELECT count(*) FROM credit_notes") == "2")
        }
    }
}
