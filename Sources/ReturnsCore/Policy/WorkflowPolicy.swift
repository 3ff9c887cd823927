/// The station's rules that are settings rather than code.
public struct WorkflowPolicy: Hashable, Sendable {
    /// Inspection given to an item until a COND/RSN/DISP barcode says otherwise. Quarantine is the safe
    /// default: goods nobody looked at must not go back on the shelf.
    public var defaultInspection: Inspection
    /// A repeated read of the same EPC within this many nanoseconds of its previous read is `duplicateRead`.
    public var epcDeduplicationWindowNanos: UInt64
    public var refund: RefundPolicy

    public static let standard = WorkflowPolicy(
        defaultInspection: Inspection(condition: .opened, reason: .other, disposition: .quarantine),
        epcDeduplicationWindowNanos: 2_000_000_000, refund: .standard
    )

    public init(defaultInspection: Inspection, epcDeduplicationWindowNanos: UInt64, refund: RefundPolicy) {
        self.defaultInspection = defaultInspection
        self.epcDeduplicationWindowNanos = epcDeduplicationWindowNanos
        self.refund = refund
    }
}
