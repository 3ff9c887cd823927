/// Which station supervisors' approvals the ledger honours (docs/LEDGER.md, "Overrides"): an approval sets aside
/// "returnable" or "inside the window", never the checks that guard the counts. Pure: the ledger's adjudicator
/// asks it, and it is served to stations as it is (`RefundPolicyDTO.overrides`).
public struct OverridePolicy: Codable, Hashable, Sendable {
    /// An approved `outsideWindow` item is accepted up to this many days after the line's last return day.
    public var outsideWindowGraceDays: Int
    /// An approved `notReturnable` item is accepted.
    public var honoursNotReturnable: Bool

    public init(outsideWindowGraceDays: Int, honoursNotReturnable: Bool) {
        self.outsideWindowGraceDays = outsideWindowGraceDays
        self.honoursNotReturnable = honoursNotReturnable
    }

    public static let standard = OverridePolicy(outsideWindowGraceDays: 30, honoursNotReturnable: true)

    /// Nil when `override` lets units past `rule` (`daysLate` past the window for `outsideWindow`); otherwise
    /// the words for the refusal message: empty without an approval, else whose approval and why it does not count.
    public func refusal(of override: ExceptionOverride?, for rule: ScanOutcome, daysLate: Int = 0) -> String? {
        guard let override else { return "" }
        let why: String
        if override.rule != rule {
            why = "the approval was for \(override.rule.rawValue), not \(rule.rawValue)"
        } else {
            switch rule {
            case .notReturnable:
                guard !honoursNotReturnable else { return nil }
                why = "approvals of non-returnable items are not honoured"
            case .outsideWindow:
                guard daysLate > outsideWindowGraceDays else { return nil }
                why = "approved late returns are honoured up to \(outsideWindowGraceDays) days after the window"
            default:
                why = "the approval was for \(override.rule.rawValue), which the ledger does not set aside"
            }
        }
        return "; \(override.approvedBy)'s approval (exception \(override.exceptionID)) is not honoured: \(why)"
    }
}
