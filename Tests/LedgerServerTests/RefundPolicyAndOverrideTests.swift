import Foundation
import LedgerProtocol
import LedgerServer
import ReturnsCore
import Testing

/// One refund policy for station and ledger, and a station supervisor's overrides honoured under a documented
/// policy (issue 9, item 6).
@Suite struct RefundPolicyAndOverrideTests {
    static func fifteenPercentForOpened() throws -> LedgerConfiguration {
        var configuration = LedgerConfiguration()
        try configuration.overrideRefundPolicy(fees: ["OPENED=15"], waived: nil)
        return configuration
    }

    @Test func theMigrationKnowsTheStandardPolicyFromTheStart() async throws {
        let ledger = try await LedgerFixture.make()
        // The seeded row is written out in the migration; it must still be RefundPolicy.standard.
        #expect(try await ledger.sql("SELECT id || '|' || canonical FROM refund_policies")
                == RefundPolicy.standard.id + "|" + RefundPolicy.standard.canonicalText)
    }

    @Test func theLedgerServesItsPolicyAndPricesByThePolicyTheNoteNames() async throws {
        let configuration = try Self.fifteenPercentForOpened()
        let ledger = try await LedgerFixture.make(configuration: configuration)
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-P")])
            let token = try await api.store.addStation("dock-1")
            _ = try await api.store.recordRefundPolicy()  // as `serve` does at start
            let served: RefundPolicyDTO = try await api.get("/v1/refund-policy", token: token).decode()
            #expect(served.id == configuration.refundPolicy.id && served.id != RefundPolicy.standard.id)
            #expect(served.feeBasisPoints["OPENED"] == 1500 && served.policy == configuration.refundPolicy)
            #expect(served.overrides == OverridePolicy.standard)
            #expect(try await ledger.sql("SELECT count(*) FROM refund_policies WHERE id = '\(served.id)'") == "1")
            #expect(try await api.get("/v1/refund-policy", token: nil).status == 401)

            // 59.90 opened, no longer needed: 15 % fee under the served policy, 10 % under the standard one.
            var current = Fixtures.note("dock-1", "P-1", order: "SO-P", [Fixtures.line(1, condition: .opened)])
            current.refundPolicy = served.id
            #expect(try await api.accept(current, token: token).acceptedLines[0].feeMinor == 899)
            // A note priced by an earlier policy (a station offline over the change) is priced as it was printed.
            var earlier = Fixtures.note("dock-1", "P-2", order: "SO-P", [Fixtures.line(1, condition: .opened)])
            earlier.refundPolicy = RefundPolicy.standard.id
            #expect(try await api.accept(earlier, token: token).acceptedLines[0].feeMinor == 599)
            #expect(try await ledger.sql("SELECT string_agg(note_number || '=' || refund_policy, ',' ORDER BY note_number) FROM return_notes")
                    == "P-1=\(served.id),P-2=\(RefundPolicy.standard.id)")
        }
    }

    @Test func aNotePricedByAPolicyTheLedgerNeverServedIsRefusedClearly() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-U")])
            let token = try await api.store.addStation("dock-1")
            var own = RefundPolicy.standard
            own.feeBasisPoints[.opened] = 0
            var note = Fixtures.note("dock-1", "U-1", order: "SO-U", [Fixtures.line(1, condition: .opened)])
            note.refundPolicy = own.id
            let reply = try await api.submit(note, token: token)
            #expect(reply.status == 422 && reply.error?.code == "unknownRefundPolicy")
            #expect(reply.error?.message.contains(own.id) == true && reply.error?.message.contains(RefundPolicy.standard.id) == true)
            // Nothing of it stays: the same note priced by the ledger's policy goes through afterwards.
            #expect(try await ledger.sql("SELECT count(*) FROM return_notes") == "0")
            note.refundPolicy = RefundPolicy.standard.id
            #expect(try await api.accept(note, token: token).status == .accepted)
        }
    }

    static func override(_ rule: ScanOutcome, by: String = "sue", exception: Int64 = 41) -> ExceptionOverride {
        ExceptionOverride(rule: rule, approvedBy: by, approvedAtMillis: 1_780_000_000_000, exceptionID: exception)
    }

    @Test func approvedLateAndNonReturnableItemsAreHonouredAndRecorded() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            // Line 4's window closed 70 days ago; a grace of 30 days does not reach it, 100 days would.
            _ = try await api.store.importOrders([try Fixtures.order("SO-O")])
            let token = try await api.store.addStation("dock-1")
            var notReturnable = Fixtures.line(3)
            notReturnable.override = Self.override(.notReturnable, exception: 7)
            var late = Fixtures.line(4)
            late.override = Self.override(.outsideWindow, exception: 8)
            var wrongRule = Fixtures.line(3)
            wrongRule.override = Self.override(.overReturn, exception: 9)
            var note = Fixtures.note("dock-1", "O-1", order: "SO-O", [notReturnable, late, Fixtures.line(4, quantity: 2)])
            note.operatorID = "op-17"
            let result = try await api.accept(note, token: token)
            #expect(result.acceptedLines.map(\.index) == [0])
            #expect(result.acceptedLines[0].honouredOverride == "notReturnable")
            let refusedLate = try #require(result.refusedLines.first { $0.index == 1 })
            #expect(refusedLate.reason == .outsideWindow)
            #expect(refusedLate.message.contains("sue's approval (exception 8) is not honoured: approved late returns are honoured up to 30 days"))
            let plainLate = try #require(result.refusedLines.first { $0.index == 2 })
            #expect(!plainLate.message.contains("approval"))
            #expect(try await ledger.sql("""
                SELECT string_agg(submitted_index || ':' || accepted || ':' || coalesce(override_rule, '-') || ':' ||
                    coalesce(override_by, '-') || ':' || coalesce(override_exception::text, '-') || ':' ||
                    coalesce(override_honoured::text, '-'), ',' ORDER BY submitted_index) FROM return_lines
                """) == "0:true:notReturnable:sue:7:true,1:false:outsideWindow:sue:8:false,2:false:-:-:-:-")
            #expect(try await ledger.sql("SELECT operator_id FROM return_notes") == "op-17")

            var other = Fixtures.note("dock-1", "O-2", order: "SO-O", [wrongRule])
            other.operatorID = nil
            let refused = try await api.submit(other, token: token).decode(ReturnNoteResult.self)
            #expect(refused.status == .refused && refused.refusedLines[0].reason == .notReturnable)
            #expect(refused.refusedLines[0].message.contains("the approval was for overReturn"))
        }
    }

    @Test func theOverridePolicyIsTheLedgers() async throws {
        var configuration = LedgerConfiguration()
        configuration.overridePolicy = OverridePolicy(outsideWindowGraceDays: 100, honoursNotReturnable: false)
        let ledger = try await LedgerFixture.make(configuration: configuration)
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-G")])
            let token = try await api.store.addStation("dock-1")
            var notReturnable = Fixtures.line(3)
            notReturnable.override = Self.override(.notReturnable)
            var late = Fixtures.line(4)
            late.override = Self.override(.outsideWindow)
            let result = try await api.accept(Fixtures.note("dock-1", "G-1", order: "SO-G", [notReturnable, late]), token: token)
            #expect(result.acceptedLines.map(\.index) == [1] && result.acceptedLines[0].honouredOverride == "outsideWindow")
            #expect(result.refusedLines.map(\.reason) == [.notReturnable])
            #expect(result.refusedLines[0].message.contains("approvals of non-returnable items are not honoured"))
        }
    }

    @Test func aNoteFirstSentBeforeTheUpgradeGetsItsStoredResultWhenSentAgainAfterIt() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-V")])
            let token = try await api.store.addStation("dock-1")
            let old = Fixtures.note("dock-1", "V-1", order: "SO-V", [Fixtures.line(1)])
            let first = try await api.submit(old, token: token)
            #expect(first.status == 201)
            // The station upgraded: the same stored note now goes out with its operator and policy.
            var resent = old
            resent.operatorID = "op-1"
            resent.refundPolicy = RefundPolicy.standard.id
            let again = try await api.submit(resent, token: token)
            #expect(again.status == 200, "\(String(decoding: again.body, as: UTF8.self))")
            #expect(try again.decode(ReturnNoteResult.self) == first.decode(ReturnNoteResult.self))
            // Any other change is still a conflict, and a note stored with the new fields is compared in full.
            var changed = resent
            changed.lines[0].quantity = 2
            #expect(try await api.submit(changed, token: token).status == 409)
            var modern = Fixtures.note("dock-1", "V-2", order: "SO-V", [Fixtures.line(1)])
            modern.operatorID = "op-1"
            #expect(try await api.submit(modern, token: token).status == 201)
            modern.operatorID = "op-2"
            #expect(try await api.submit(modern, token: token).status == 409)
        }
    }

    @Test func implausibleTimesNamesAndPolicyIdsAreRefusedBeforeTheyReachTheDatabase() async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-X")])
            let token = try await api.store.addStation("dock-1")
            func line(_ override: ExceptionOverride) -> ReturnNoteLineDTO {
                var line = Fixtures.line(4)
                line.override = override
                return line
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            var notes: [(String, ReturnNoteSubmission)] = []
            var late = Fixtures.note("dock-1", "X-1", order: "SO-X", [Fixtures.line(1)])
            late.closedAtMillis = .max
            notes.append(("closedAtMillis", late))
            for (field, override) in [
                ("approvedAtMillis", ExceptionOverride(rule: .outsideWindow, approvedBy: "sue", approvedAtMillis: .max, exceptionID: 1)),
                ("approvedAtMillis", ExceptionOverride(rule: .outsideWindow, approvedBy: "sue", approvedAtMillis: now + 2 * 86_400_000, exceptionID: 1)),
                ("approvedBy", ExceptionOverride(rule: .outsideWindow, approvedBy: String(repeating: "x", count: 129), approvedAtMillis: now, exceptionID: 1)),
                ("approvedBy", ExceptionOverride(rule: .outsideWindow, approvedBy: "", approvedAtMillis: now, exceptionID: 1)),
                ("which is no exception", ExceptionOverride(rule: .accepted, approvedBy: "sue", approvedAtMillis: now, exceptionID: 1)),
                ("exceptionID", ExceptionOverride(rule: .outsideWindow, approvedBy: "sue", approvedAtMillis: now, exceptionID: 0)),
            ] {
                notes.append((field, Fixtures.note("dock-1", "X-\(notes.count + 1)", order: "SO-X", [line(override)])))
            }
            var policy = Fixtures.note("dock-1", "X-9", order: "SO-X", [Fixtures.line(1)])
            policy.refundPolicy = "RP-NOT-AN-ID"
            notes.append(("refundPolicy", policy))
            var named = Fixtures.note("dock-1", "X-10", order: "SO-X", [Fixtures.line(1)])
            named.operatorID = "ann\u{7}"
            notes.append(("operatorID", named))
            for (field, note) in notes {
                let reply = try await api.submit(note, token: token)
                #expect(reply.status == 422 && reply.error?.code == "invalidRequest", "\(field): HTTP \(reply.status)")
                #expect(reply.error?.message.contains(field) == true, "\(field): \(reply.error?.message ?? "")")
            }
            // The ledger is still there and takes a good note.
            #expect(try await api.accept(Fixtures.note("dock-1", "X-11", order: "SO-X", [Fixtures.line(1)]), token: token).status == .accepted)
        }
    }
}
