import Foundation
import ReturnsCore

extension ReturnNoteSubmission {
    /// The wire form of a station's stored note. Returns nil when the draft's id is not a UUID.
    ///
    /// `closedOn` is the station's local day of the close, which the ledger judges the return window by.
    public init?(draft: ReturnNoteDraft, station: String, noteNumber: String, closedOn: LocalDate?) {
        guard let id = UUID(uuidString: draft.id) else { return nil }
        self.init(
            id: id, station: station, noteNumber: noteNumber, orderNumber: draft.orderNumber, rmaNumber: draft.rmaNumber,
            customer: draft.customer, closedAtMillis: draft.closedAtMillis, closedOn: closedOn?.iso,
            currency: draft.currency,
            lines: draft.lines.map { line in
                ReturnNoteLineDTO(
                    orderLine: line.orderLine, gtin: line.gtin.digits, sku: line.sku, quantity: line.quantity,
                    condition: line.inspection.condition, reason: line.inspection.reason,
                    disposition: line.inspection.disposition, serials: line.serials, lots: line.lots,
                    unitPriceMinor: line.unitPrice.minorUnits, taxRateBasisPoints: line.taxRateBasisPoints,
                    grossMinor: line.money.gross.minorUnits, feeMinor: line.money.fee.minorUnits,
                    taxMinor: line.money.tax.minorUnits, refundMinor: line.money.refund.minorUnits,
                    override: line.override)
            },
            refundPolicy: draft.refundPolicyID, operatorID: draft.operatorID)
    }
}

extension ReturnNoteLineDTO {
    public var inspection: Inspection { Inspection(condition: condition, reason: reason, disposition: disposition) }
}
