import Foundation
import LedgerProtocol
import ReturnsCore

/// Orders and notes the tests build on; the dates keep every line inside its return window today.
enum Fixtures {
    static let today = LocalDate(daysSinceEpoch: Int(Date().timeIntervalSince1970 / 86_400))

    /// An order with a plain line (2 units), a serial-tracked line (2 serials), a non-returnable line, and a
    /// line delivered long ago (window closed).
    static func order(_ number: String, quantity: Int = 2) throws -> SalesOrder {
        try OrderImport.parseCSV(orderCSV(number, quantity: quantity))[0]
    }

    /// The order file `order(_:quantity:)` reads: four lines, one serial-tracked, one not returnable, one late.
    static func orderCSV(_ number: String, quantity: Int = 2) -> String {
        let delivered = today.adding(days: -5).iso
        let old = today.adding(days: -100).iso
        let csv = """
            order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
            \(number),1,HP-200,04006381333931,Headphones,\(quantity),59.90,EUR,19,,,true,\(delivered),30,Müller GmbH
            \(number),2,TAB-10,09506000134352,Tablet,2,299.00,EUR,19,\(number)-S1|\(number)-S2,,true,\(delivered),30,Müller GmbH
            \(number),3,GC-50,05012345678900,Gift card,1,50.00,EUR,0,,,false,\(delivered),30,Müller GmbH
            \(number),4,USB-C1,00012345600012,Cable,5,9.99,EUR,7,,,true,\(old),30,Müller GmbH
            """
        return csv
    }

    static let gtins = [1: "04006381333931", 2: "09506000134352", 3: "05012345678900", 4: "00012345600012"]

    static func line(_ orderLine: Int, quantity: Int = 1, serials: [String] = [], condition: ItemCondition = .new,
                     reason: ReturnReason = .noLongerNeeded, disposition: Disposition = .restock) -> ReturnNoteLineDTO {
        ReturnNoteLineDTO(orderLine: orderLine, gtin: gtins[orderLine] ?? "04006381333931", sku: "SKU\(orderLine)",
                          quantity: quantity, condition: condition, reason: reason, disposition: disposition,
                          serials: serials, lots: [], unitPriceMinor: 0, taxRateBasisPoints: 0, grossMinor: 0,
                          feeMinor: 0, taxMinor: 0, refundMinor: 0)
    }

    static func note(_ station: String, _ number: String, order: String, rma: String? = nil, closedAt: Date = Date(),
                     _ lines: [ReturnNoteLineDTO]) -> ReturnNoteSubmission {
        ReturnNoteSubmission(id: UUID(), station: station, noteNumber: number, orderNumber: order, rmaNumber: rma,
                             customer: "Müller GmbH", closedAtMillis: Int64(closedAt.timeIntervalSince1970 * 1000),
                             closedOn: nil, currency: "EUR", lines: lines)
    }
}
