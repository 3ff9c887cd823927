import Foundation
import LedgerProtocol
import PostgresNIO
import ReturnsCore

extension LedgerStore {
    /// Keeps the configured policy in `refund_policies`, so notes priced by it stay payable after it changes.
    /// `serve` calls it before it serves a request.
    public func recordRefundPolicy() async throws -> RefundPolicyDTO {
        let policy = configuration.refundPolicy
        try await client.query("""
            INSERT INTO refund_policies (id, canonical) VALUES (\(policy.id), \(policy.canonicalText)) ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        return servedRefundPolicy
    }

    /// The policy stations are to price by (`GET /v1/refund-policy`).
    public var servedRefundPolicy: RefundPolicyDTO {
        RefundPolicyDTO(policy: configuration.refundPolicy, overrides: configuration.overridePolicy)
    }

    /// The policy a note names: the current one without a query, an earlier one from `refund_policies`.
    func refundPolicy(named id: String?, on connection: PostgresConnection) async throws -> RefundPolicy {
        let current = configuration.refundPolicy
        guard let id, id != current.id else { return current }
        let rows = try await connection.query("SELECT canonical FROM refund_policies WHERE id = \(id)", logger: logger)
        for try await canonical in rows.decode(String.self) {
            guard let policy = RefundPolicy(canonicalText: canonical, id: id) else {
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
