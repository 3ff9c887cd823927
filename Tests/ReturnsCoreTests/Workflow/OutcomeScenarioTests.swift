import Testing
@testable import ReturnsCore

/// One scenario per outcome of DESIGN.md's table.
@Suite struct OutcomeScenarioTests {
    @Test func acceptedCountsTheItemOnItsLine() {
        var dock = Dock()
        #expect(dock.scan("SO-1").outcome == .sessionOpened)
        let decision = dock.scan("4006381333931")
        #expect(decision.outcome == .accepted)
        #expect(decision.line == 1)
        #expect(decision.quantity == 1)
        #expect(dock.state.sessions["A"]?.countedItems.count == 1)
    }

    @Test func notInOrderForAnotherProduct() {
        var dock = Dock()
        dock.scan("SO-1")
        let decision = dock.scan("9780201379624")
        #expect(decision.outcome == .notInOrder)
        #expect(decision.outcome.raisesException)
        #expect(dock.state.sessions["A"]?.items.isEmpty == true)
    }

    @Test func overReturnCountsWhatWasReturnedBeforeAndWhatIsOpen() {
        var dock = Dock(orders: [Fixtures.order(headphonesReturned: 1)])
        dock.scan("SO-1")
        #expect(dock.scan("4006381333931").outcome == .accepted)
        let second = dock.scan("4006381333931")
        #expect(second.outcome == .overReturn)
        #expect(second.detail.contains("returned before 1"))
    }

    @Test func overReturnAcrossLanesOfTheSameOrder() {
        var dock = Dock()
        dock.scan("SO-1", lane: "A")
        dock.scan("SO-1", lane: "B")
        #expect(dock.scan("4006381333931", lane: "A").outcome == .accepted)
        #expect(dock.scan("4006381333931", lane: "B").outcome == .accepted)
        #expect(dock.scan("4006381333931", lane: "A").outcome == .overReturn)
    }

    @Test func serialMismatchForASerialNotSold() {
        var dock = Dock()
        dock.scan("SO-1")
        #expect(dock.scan("]C10109506000134352<GS>21TAB-9").outcome == .serialMismatch)
    }

    @Test func serialMismatchWhenATrackedLineGetsNoSerial() {
        var dock = Dock()
        dock.scan("SO-1")
        let decision = dock.scan("9506000134352")
        #expect(decision.outcome == .serialMismatch)
        #expect(decision.detail.contains("serial-tracked"))
    }

    @Test func duplicateSerialReturnedBeforeOrTwiceNow() {
        var dock = Dock()
        dock.scan("SO-1")
        #expect(dock.scan("(01)09506000134352(21)TAB-2").outcome == .duplicateSerial)
        #expect(dock.scan("(01)09506000134352(21)TAB-1").outcome == .accepted)
        #expect(dock.scan("(01)09506000134352(21)TAB-1").outcome == .duplicateSerial)
    }

    @Test func outsideWindowAfterTheLastReturnDay() {
        var dock = Dock(orders: [Fixtures.order(delivered: LocalDate(year: 2026, month: 10, day: 1)!, days: 30)])
        dock.scan("SO-1")
        // Delivered 1 Oct + 30 days = 31 Oct is the last day; on 31 Oct it is still accepted.
        dock.today = LocalDate(year: 2026, month: 10, day: 31)!
        #expect(dock.scan("4006381333931").outcome == .accepted)
        dock.today = LocalDate(year: 2026, month: 11, day: 1)!
        #expect(dock.scan("4006381333931").outcome == .outsideWindow)
    }

    @Test func notReturnableLine() {
        var dock = Dock()
        dock.scan("SO-1")
        #expect(dock.scan("5012345678900").outcome == .notReturnable)
    }

    @Test func noSessionBeforeAnyOrder() {
        var dock = Dock()
        let decision = dock.scan("4006381333931")
        #expect(decision.outcome == .noSession)
        #expect(decision.effects.isEmpty)
    }

    @Test func orderNotFoundForAnUnknownOrderOrRMA() {
        var dock = Dock()
        #expect(dock.scan("SO-404").outcome == .orderNotFound)
        #expect(dock.scan("RMA-77").outcome == .orderNotFound)
        #expect(dock.state.sessions.isEmpty)
    }

    @Test func unreadableForBadCheckDigitsAndGarbage() {
        var dock = Dock()
        dock.scan("SO-1")
        #expect(dock.scan("4006381333932").outcome == .unreadable)
        #expect(dock.scan("hello world").outcome == .unreadable)
        #expect(dock.scan("]C101123").outcome == .unreadable)
        #expect(dock.state.sessions["A"]?.items.isEmpty == true)
    }

    @Test func duplicateReadWithinTheSlidingWindowIsNotCounted() {
        var order = Fixtures.order()
        let jacket = try! GTIN("80614141123458")
        order.lines.append(OrderLine(line: 6, sku: "JKT", gtin: jacket, quantitySold: 1, unitPrice: Money(minorUnits: 8900, currency: "EUR"),
                                     serialsSold: ["6789"], deliveredOn: order.lines[0].deliveredOn, returnDays: 30))
        var dock = Dock(orders: [order])
        dock.scan("SO-1")
        #expect(dock.scan("3074257BF7194E4000001A85").outcome == .accepted)
        // A tag sitting in the field: every read within 2 s of the previous one is a duplicate.
        for _ in 0..<10 {
            let repeatRead = dock.scan("3074257BF7194E4000001A85", afterMillis: 1500)
            #expect(repeatRead.outcome == .duplicateRead)
            #expect(repeatRead.effects == [.tallyDuplicateRead(device: "A", epc: "urn:epc:id:sgtin:0614141.812345.6789")])
        }
        #expect(dock.state.sessions["A"]?.countedItems.count == 1)
        // After the window, the same tag is a real second read of an already counted serial.
        #expect(dock.scan("3074257BF7194E4000001A85", afterMillis: 2500).outcome == .duplicateSerial)
    }

    @Test func aGTINOnSeveralLinesGoesToTheEarliestWithQuantityLeft() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("QTY:5")
        #expect(dock.scan("012345600012").line == 4)
        let next = dock.scan("012345600012")
        #expect(next.outcome == .accepted)
        #expect(next.line == 5)
        dock.scan("QTY:2")
        let tooMany = dock.scan("012345600012")
        #expect(tooMany.outcome == .overReturn)
        #expect(tooMany.line == 4)  // none accepts: the earliest line's outcome is reported
    }

    @Test func lotNotSoldIsNotInOrderAndLotIsKept() {
        let vitamins = try! GTIN("05060000000016")
        let order = SalesOrder(number: "SO-7", customer: "Apotheke", lines: [
            OrderLine(line: 1, sku: "VIT", gtin: vitamins, quantitySold: 3, unitPrice: Money(minorUnits: 1250, currency: "EUR"),
                      lot: "L1", deliveredOn: Fixtures.today, returnDays: 30),
        ])
        var dock = Dock(orders: [order])
        dock.scan("SO-7")
        #expect(dock.scan("]C1010506000000001610L2<GS>17271231").outcome == .notInOrder)
        #expect(dock.scan("]C1010506000000001610L1<GS>17271231").outcome == .accepted)
        let item = dock.state.sessions["A"]!.items[0]
        #expect(item.lot == "L1")
        #expect(item.expiry == "2027-12-31")
    }
}
