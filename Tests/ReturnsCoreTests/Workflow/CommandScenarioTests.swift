import Testing
@testable import ReturnsCore

/// One scenario per command barcode.
@Suite struct CommandScenarioTests {
    @Test func inspectionAppliesToTheLastItemAndBecomesTheDefault() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("4006381333931")
        #expect(dock.scan("COND:DAMAGED").outcome == .commandApplied)
        dock.scan("RSN:QUALITY")
        dock.scan("DISP:SCRAP")
        dock.scan("012345600012")
        let items = dock.state.sessions["A"]!.items
        let expected = Inspection(condition: .damaged, reason: .quality, disposition: .scrap)
        #expect(items[0].inspection == expected)
        #expect(items[1].inspection == expected)  // inherited as the default
        dock.scan("COND:NEW")
        #expect(dock.state.sessions["A"]!.items[0].inspection.condition == .damaged)  // only the last item changes
        #expect(dock.state.sessions["A"]!.items[1].inspection.condition == .new)
    }

    /// An order stored before `OrderLimits` existed used to trap at CLOSE, and again after every restart because
    /// the session is restored. Now CLOSE is refused with the reason, and the session stays open to CANCEL.
    @Test func closeRefusesARefundBeyondSixtyFourBitsAndKeepsTheSession() {
        let delivered = LocalDate(year: 2026, month: 11, day: 2)!
        let order = SalesOrder(number: "SO-BIG", customer: "C", lines: [
            OrderLine(line: 1, sku: "X", gtin: Fixtures.cable, quantitySold: 3,
                      unitPrice: Money(minorUnits: 4_000_000_000_000_000_000, currency: "EUR"), taxRateBasisPoints: 1900,
                      deliveredOn: delivered, returnDays: 30),
        ])
        var dock = Dock(orders: [order])
        dock.scan("SO-BIG")
        dock.scan("QTY:3")
        #expect(dock.scan("012345600012").outcome == .accepted)
        let close = dock.scan("CMD:CLOSE")
        #expect(close.outcome == .commandRefused)
        #expect(close.detail.contains("cannot be computed") && close.detail.contains("does not fit in 64-bit"), "\(close.detail)")
        #expect(close.effects.isEmpty)
        #expect(dock.state.sessions["A"]?.countedItems.count == 1)
        #expect(dock.scan("CMD:CANCEL").outcome == .commandApplied)
    }

    /// Every line's refund fits in 64 bits, the note's total does not: CLOSE is refused the same way.
    @Test func closeRefusesANoteTotalBeyondSixtyFourBits() {
        let delivered = LocalDate(year: 2026, month: 11, day: 2)!
        let price = Money(minorUnits: 4_000_000_000_000_000_000, currency: "EUR")
        let order = SalesOrder(number: "SO-BIG", customer: "C", lines: [
            OrderLine(line: 1, sku: "A", gtin: Fixtures.cable, quantitySold: 1, unitPrice: price, deliveredOn: delivered, returnDays: 30),
            OrderLine(line: 2, sku: "B", gtin: Fixtures.headphones, quantitySold: 1, unitPrice: price, deliveredOn: delivered, returnDays: 30),
            OrderLine(line: 3, sku: "C", gtin: Fixtures.giftCard, quantitySold: 1, unitPrice: price, deliveredOn: delivered, returnDays: 30),
        ])
        var dock = Dock(orders: [order])
        dock.scan("SO-BIG")
        dock.scan("COND:NEW")
        for code in ["012345600012", "4006381333931", "5012345678900"] { #expect(dock.scan(code).outcome == .accepted) }
        let close = dock.scan("CMD:CLOSE")
        #expect(close.outcome == .commandRefused && close.detail.contains("the note's refund total"), "\(close.detail)")
        #expect(dock.state.sessions["A"]?.countedItems.count == 3)
    }

    @Test func inspectionBeforeAnyItemOnlySetsTheDefault() {
        var dock = Dock()
        dock.scan("SO-1")
        let decision = dock.scan("DISP:RESTOCK")
        #expect(decision.detail.contains("next items"))
        dock.scan("4006381333931")
        #expect(dock.state.sessions["A"]!.items[0].inspection.disposition == .restock)
    }

    @Test func quantityAppliesToTheNextItemOnly() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("QTY:3")
        #expect(dock.scan("012345600012").quantity == 3)
        #expect(dock.scan("012345600012").quantity == 1)
        #expect(dock.state.sessions["A"]?.pendingQuantity == nil)
    }

    @Test func quantityIsIgnoredForASerialisedItem() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("QTY:2")
        let decision = dock.scan("(01)09506000134352(21)TAB-1")
        #expect(decision.quantity == 1)
        #expect(decision.detail.contains("QTY ignored"))
    }

    @Test func badQuantityIsUnreadableNotBelieved() {
        var dock = Dock()
        dock.scan("SO-1")
        #expect(dock.scan("QTY:0").outcome == .unreadable)
        #expect(dock.scan("QTY:100000").outcome == .unreadable)
        #expect(dock.scan("COND:BROKEN").outcome == .unreadable)
    }

    @Test func undoTakesBackTheLastCountedItem() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("4006381333931")
        dock.scan("4006381333931")
        #expect(dock.scan("4006381333931").outcome == .overReturn)
        #expect(dock.scan("CMD:UNDO").outcome == .commandApplied)
        #expect(dock.state.sessions["A"]!.countedItems.count == 1)
        #expect(dock.scan("4006381333931").outcome == .accepted)  // the unit is free again
    }

    @Test func undoWithNothingToUndoIsRefused() {
        var dock = Dock()
        dock.scan("SO-1")
        #expect(dock.scan("CMD:UNDO").outcome == .commandRefused)
    }

    @Test func operatorBadgeSticksToTheLaneAndTheSession() {
        var dock = Dock()
        #expect(dock.scan("OP:ANNA").outcome == .commandApplied)
        dock.scan("SO-1")
        #expect(dock.state.sessions["A"]?.operatorID == "ANNA")
        dock.scan("OP:BEN")
        #expect(dock.state.sessions["A"]?.operatorID == "BEN")
        #expect(dock.scan("OP:").outcome == .unreadable)
    }

    @Test func closeWritesANoteAndCountsTheReturnIntoTheOrder() throws {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("4006381333931")
        dock.scan("COND:NEW")
        dock.scan("(01)09506000134352(21)TAB-1")
        let close = dock.scan("CMD:CLOSE")
        #expect(close.outcome == .commandApplied)
        #expect(close.feedback == .sessionClosed)
        let note = try #require(close.closedNote)
        #expect(note.lines.map(\.orderLine) == [1, 2])
        #expect(note.lines[1].serials == ["TAB-1"])
        #expect(dock.state.sessions["A"] == nil)
        // The next return of the same order sees what this one took.
        dock.scan("SO-1")
        dock.scan("4006381333931")
        #expect(dock.scan("4006381333931").outcome == .overReturn)
        #expect(dock.scan("(01)09506000134352(21)TAB-1").outcome == .duplicateSerial)
    }

    @Test func closeWithNothingAcceptedIsRefused() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("9780201379624")
        #expect(dock.scan("CMD:CLOSE").outcome == .commandRefused)
        #expect(dock.state.sessions["A"] != nil)
    }

    @Test func cancelDropsTheSessionAndItsItems() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("4006381333931")
        let cancel = dock.scan("CMD:CANCEL")
        #expect(cancel.effects == [.cancelSession(id: cancel.sessionID!)])
        #expect(dock.state.sessions.isEmpty)
        dock.scan("SO-1")
        dock.scan("4006381333931")
        #expect(dock.scan("4006381333931").outcome == .accepted)  // nothing of the cancelled return counts
    }

    @Test func commandsWithoutASessionAreRefused() {
        var dock = Dock()
        for text in ["CMD:CLOSE", "CMD:CANCEL", "CMD:UNDO", "QTY:2", "COND:NEW", "RSN:OTHER", "DISP:SCRAP"] {
            #expect(dock.scan(text).outcome == .commandRefused, "\(text)")
        }
    }

    @Test func anotherOrderWhileOneIsOpenIsRefusedTheSameOneContinues() {
        var dock = Dock(orders: [Fixtures.order(), Fixtures.order(number: "SO-2")])
        let first = dock.scan("SO-1")
        #expect(dock.scan("SO-1").sessionID == first.sessionID)
        #expect(dock.scan("SO-2").outcome == .commandRefused)
        #expect(dock.state.sessions["A"]?.orderNumber == "SO-1")
    }

    @Test func restoredStateContinuesWhereItStopped() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("QTY:2")
        dock.scan("012345600012")
        let session = dock.state.sessions["A"]!
        var resumed = Dock()
        resumed.state = StationState(openSessions: [session], orders: [Fixtures.order()])
        resumed.scan("QTY:4")
        #expect(resumed.scan("012345600012").outcome == .overReturn)  // 2 + 4 > 5 on line 4, and line 5 has only 2
        #expect(resumed.scan("CMD:CLOSE").closedNote?.lines.first?.quantity == 2)
    }

    /// The in-flight totals hold only orders of open returns. They kept one entry per order ever returned, and the
    /// pipeline copies the state before every batch: every scan paid for the whole history since the last restart.
    @Test func finishedReturnsLeaveNothingInTheInFlightTotals() {
        let orders = (1...50).map { n in
            var order = Fixtures.order()
            order.number = "SO-\(n)"
            return order
        }
        var dock = Dock(orders: orders)
        for n in 1...50 {
            dock.scan("SO-\(n)")
            #expect(dock.scan("4006381333931").outcome == .accepted)
            dock.scan("012345600012")
            dock.scan("CMD:UNDO")
            dock.scan(n % 2 == 0 ? "CMD:CLOSE" : "CMD:CANCEL")
        }
        #expect(dock.state.inFlightOrderCount == 0)
        dock.scan("SO-7")
        dock.scan("4006381333931")
        dock.scan("SO-8", lane: "B")
        dock.scan("012345600012", lane: "B")
        dock.scan("CMD:UNDO", lane: "B")
        #expect(dock.state.inFlightOrderCount == 1, "SO-7 holds a unit; SO-8's only unit was undone")
    }
}
