import ReturnsCore

/// The ledger's refund policy (`GET /v1/refund-policy`): what stations price notes by, and which of a station
/// supervisor's overrides the ledger honours.
public struct RefundPolicyDTO: Codable, Hashable, Sendable {
    /// `RefundPolicy.id`; a note names it in `refundPolicy`.
    public var id: String
    /// `RefundPolicy.canonicalText`, e.g. `fees DAMAGED=5000 ...; waived QUALITY ...`: the policy itself.
    public var canonical: String
    /// Restocking fee per condition, in basis points of the gross (the same as `canonical`, for people and scripts).
    public var feeBasisPoints: [String: Int]
    public var feeWaivedReasons: [String]
    public var overrides: OverridePolicy

    public init(policy: RefundPolicy, overrides: OverridePolicy) {
        id = policy.id
        canonical = policy.canonicalText
        feeBasisPoints = Dictionary(uniqueKeysWithValues: ItemCondition.allCases.map { ($0.rawValue, policy.feeBasisPoints[$0] ?? 0) })
        feeWaivedReasons = policy.feeWaivedReasons.map(\.rawValue).sorted()
        self.overrides = overrides
    }

    /// The policy `canonical` describes; nil when the text is not a policy or does not match `id`.
    public var policy: RefundPolicy? { RefundPolicy(canonicalText: canonical, id: id) }
}
