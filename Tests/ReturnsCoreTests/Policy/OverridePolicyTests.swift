import Testing
@testable import ReturnsCore

/// When a station supervisor's approval sets a rule aside at the ledger, at the edges.
@Suite struct OverridePolicyTests {
    func approval(_ rule: ScanOutcome) -> ExceptionOverride {
        ExceptionOverride(rule: rule, approvedBy: "sue", approvedAtMillis: 1_800_000_000_000, exceptionID: 8)
    }

    @Test func aLateReturnIsHonouredUpToTheGraceDayAndNotOneDayMore() {
        let policy = OverridePolicy(outsideWindowGraceDays: 30, honoursNotReturnable: true)
        #expect(policy.refusal(of: approval(.outsideWindow), for: .outsideWindow, daysLate: 30) == nil)
        #expect(policy.refusal(of: approval(.outsideWindow), for: .outsideWindow, daysLate: 31)
                == "; sue's approval (exception 8) is not honoured: approved late returns are honoured up to 30 days after the window")
    }

    @Test func aNonReturnableApprovalCountsOnlyWhenThePolicySaysSo() {
        #expect(OverridePolicy.standard.refusal(of: approval(.notReturnable), for: .notReturnable) == nil)
        let strict = OverridePolicy(outsideWindowGraceDays: 30, honoursNotReturnable: false)
        #expect(strict.refusal(of: approval(.notReturnable), for: .notReturnable)?.hasSuffix("approvals of non-returnable items are not honoured") == true)
    }

    /// The message named the approval's own rule's limit even when another rule refused the line.
    @Test func anApprovalForAnotherRuleSaysSo() {
        let strict = OverridePolicy(outsideWindowGraceDays: 30, honoursNotReturnable: false)
        #expect(strict.refusal(of: approval(.notReturnable), for: .outsideWindow, daysLate: 5)?
                    .hasSuffix("the approval was for notReturnable, not outsideWindow") == true)
        #expect(OverridePolicy.standard.refusal(of: approval(.outsideWindow), for: .notReturnable)?
                    .hasSuffix("the approval was for outsideWindow, not notReturnable") == true)
        #expect(OverridePolicy.standard.refusal(of: nil, for: .notReturnable) == "")
    }
}
