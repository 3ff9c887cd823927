import Testing
@testable import ReturnsCore

/// A supervisor's decision on a refused scan: exactly one per exception, counting what the scan asked for.
@Suite struct ExceptionDecisionTests {
    /// An over-return of the headphones (line 1, sold 2) asking for `quantity` units, as the store would hand it back.
    func overReturn(_ dock: inout Dock, quantity: Int) -> ExceptionApproval {
        if quantity > 1 { dock.scan("QTY:\(quantity)") }
        let refused = dock.scan("4006381333931")
        #expect(refused.outcome == .overReturn)
        #expect(refused.requestedQuantity == quantity)
        return ExceptionApproval(exceptionID: 7, sessionID: refused.sessionID, line: refused.line, gtin: Fixtures.headphones,
                                 serial: nil, lot: nil, expiry: nil, quantity: refused.requestedQuantity, scanID: "scan-\(dock.counter)", rule: refused.outcome)
    }

    func apply(_ action: SupervisorAction, _ dock: inout Dock, by supervisor: String = "ann") -> ScanDecision {
        dock.counter += 1
        let context = ScanContext(lane: "supervisor", device: "supervisor", scanID: "sup-\(dock.counter)", wallMillis: 0,
                                  monotonicNanos: 0, today: Fixtures.today)
        return dock.state.apply(.supervisor(action, by: supervisor), context: context)
    }

    @Test func aSecondApprovalOfTheSameExceptionIsRefusedAndCountsNothing() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("QTY:2")
        #expect(dock.scan("4006381333931").outcome == .accepted)
        let approval = overReturn(&dock, quantity: 1)
        let first = apply(.approveException(approval), &dock, by: "ann")
        let second = apply(.approveException(approval), &dock, by: "bob")
        #expect(first.outcome == .commandApplied)
        #expect(second.outcome == .commandRefused)
        #expect(second.detail.contains("already decided"))
        #expect(second.effects.isEmpty)
        #expect(dock.state.sessions["A"]!.countedItems.map(\.quantity).reduce(0, +) == 3, "2 accepted + 1 approved, not 4")
    }

    @Test func approveRacingRejectLetsOnlyTheFirstDecide() {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("QTY:2")
        dock.scan("4006381333931")
        let approval = overReturn(&dock, quantity: 1)
        #expect(apply(.rejectException(id: approval.exceptionID), &dock).outcome == .commandApplied)
        let late = apply(.approveException(approval), &dock)
        #expect(late.outcome == .commandRefused)
        #expect(dock.state.sessions["A"]!.countedItems.map(\.quantity).reduce(0, +) == 2)
    }

    @Test func anApprovalCountsTheQuantityTheRefusedScanAskedFor() {
        var dock = Dock()
        dock.scan("SO-1")
        let approval = overReturn(&dock, quantity: 3)  // QTY:3 of a line sold twice
        let decision = apply(.approveException(approval), &dock)
        #expect(decision.outcome == .commandApplied)
        #expect(decision.quantity == 3)
        #expect(dock.state.sessions["A"]!.countedItems.map(\.quantity) == [3])
    }
}

@Suite struct ExceptionOverrideTests {
    @Test func anApprovedItemCarriesWhoSetWhichRuleAsideIntoItsOwnNoteLine() throws {
        var dock = Dock()
        dock.scan("SO-1")
        dock.scan("QTY:2")
        #expect(dock.scan("4006381333931").outcome == .accepted)
        let refused = dock.scan("4006381333931")
        #expect(refused.outcome == .overReturn)
        let approval = ExceptionApproval(exceptionID: 12, sessionID: refused.sessionID, line: refused.line, gtin: Fixtures.headphones,
                                         serial: nil, lot: nil, expiry: nil, quantity: 1, scanID: "scan-\(dock.counter)",
                                         rule: refused.outcome)
        let context = ScanContext(lane: "supervisor", device: "supervisor", scanID: "sup-1", wallMillis: 1_780_000_000_000,
                                  monotonicNanos: 0, today: Fixtures.today)
        #expect(dock.state.apply(.supervisor(.approveException(approval), by: "sue"), context: context).outcome == .commandApplied)
        let note = try #require(dock.scan("CMD:CLOSE").closedNote)
        let expected = ExceptionOverride(rule: .overReturn, approvedBy: "sue", approvedAtMillis: 1_780_000_000_000, exceptionID: 12)
        #expect(note.lines.map(\.quantity) == [2, 1], "the approved unit is a line of its own")
        #expect(note.lines.map(\.override) == [nil, expected])
        #expect(note.refundPolicyID == RefundPolicy.standard.id)
    }
}
