import Foundation
import LedgerProtocol

enum BenchNote {
    /// One unit of line 1 of the worker's own order.
    static func make(worker: Int, number: String) -> ReturnNoteSubmission {
        ReturnNoteSubmission(
            id: UUID(), station: "bench-\(worker)", noteNumber: number, orderNumber: "SO-B\(worker)", rmaNumber: nil,
            customer: "Bench", closedAtMillis: Int64(Date().timeIntervalSince1970 * 1000), closedOn: nil, currency: "EUR",
            lines: [ReturnNoteLineDTO(orderLine: 1, gtin: "04006381333931", sku: "04006381333931", quantity: 1,
                                      condition: .new, reason: .noLongerNeeded, disposition: .restock, serials: [], lots: [],
                                      unitPriceMinor: 1999, taxRateBasisPoints: 1900, grossMinor: 1999, feeMinor: 0,
                                      taxMinor: 380, refundMinor: 2379)])
    }
}
