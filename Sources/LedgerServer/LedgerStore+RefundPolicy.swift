import Foundation
import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// The policy stations are to price by, recorded in `refund_policies` before it is served: a note can only
    /// name a policy the ledger keeps.
    public func servedRefundPolicy() async throws -> RefundPolicyDTO {
        let policy = configuration.refundPolicy
        try await client.query("""
            INSERT INTO refund_policies (id, canonical) VALUES (\(policy.id), \(policy.canonicalText)) ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        return RefundPolicyDTO(policy: policy, overrides: configuration.overridePolicy)
    }

    /// The policy a note names: the current one without a query, an earlier one from `refund_policies`.
    func refundPolicy(named id: String?, on connection: PostgresConnection) async throws -> RefundPolicy {
        let current = configuration.refundPolicy
        guard let id, id != current.id else { return current }
        let rows = try await connection.query("SELECT canonical FROM refund_policies WHERE id = \(id)", logger: logger)
        for try await canonical in rows.decode(String.self) {
            guard let policy = RefundPolicy(canonicalText: canonical), policy.id == id else {
                throw LedgerError(.internal, "refund policy \(id) is stored as '\(canonical)', which does not give that id")
            }
            return policy
        }
        throw LedgerError(.unknownRefundPolicy, """
            the note was priced by refund policy \(id), which this ledger never served (its policy is \(current.id): \
            \(current.canonicalText)); a station with a [ledger] prices by GET /v1/refund-policy
            """)
    }
}
