import Testing
@testable import ReturnsCore

@Suite struct RefundPolicyIdentityTests {
    @Test func theStandardPolicyHasTheIdTheLedgerSeeds() {
        // The ledger's migration 2 writes this id and text out; changing the standard table needs a new migration.
        #expect(RefundPolicy.standard.id == "rp-95d2e3875f1c9d80")
        #expect(RefundPolicy.standard.canonicalText
                == "fees DAMAGED=5000 DEFECTIVE=0 MISSING_PARTS=2500 NEW=0 OPENED=1000; waived DAMAGED_IN_TRANSIT NOT_AS_DESCRIBED ORDER_ERROR QUALITY WRONG_ITEM_SENT")
    }

    @Test func everyChangeThatPricesDifferentlyGivesAnotherId() {
        var fee = RefundPolicy.standard
        fee.feeBasisPoints[.opened] = 1001
        var waiver = RefundPolicy.standard
        waiver.feeWaivedReasons.insert(.noLongerNeeded)
        var none = RefundPolicy.standard
        none.feeWaivedReasons = []
        let ids = Set([RefundPolicy.standard, fee, waiver, none].map(\.id))
        #expect(ids.count == 4)
        // An absent condition prices as 0 %, so it is the same policy as one that says 0 %.
        var absent = RefundPolicy.standard
        absent.feeBasisPoints[.new] = nil
        #expect(absent.id == RefundPolicy.standard.id)
    }

    @Test func theCanonicalTextReadsBack() throws {
        var policy = RefundPolicy.standard
        policy.feeBasisPoints[.damaged] = 3333
        policy.feeWaivedReasons = []
        let read = try #require(RefundPolicy(canonicalText: policy.canonicalText))
        #expect(read.id == policy.id && read.canonicalText == policy.canonicalText)
        for bad in ["", "fees OPENED=1000", "fees OPENED=10001; waived", "fees OPENED=x; waived", "fees; waived NOBODY",
                    "charges OPENED=1; waived"] {
            #expect(RefundPolicy(canonicalText: bad) == nil, "\(bad)")
        }
    }
}
