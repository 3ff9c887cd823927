import Foundation
import ReturnsCore
import StationStore

/// The JSON lines `replay --json` prints: one object per scan, one per closed return note.
public enum ReplayReport {
    struct ScanLine: Encodable {
        let type = "scan"
        let seq: Int64?
        let device: String
        let lane: String
        let text: String
        let kind: String
        let outcome: String
        let detail: String
        let order: String?
        let line: Int?
        let quantity: Int
        let session: String?
        let gtin: String?
        let serial: String?
        let lot: String?
        let expiry: String?
    }

    struct NoteLine: Encodable {
        let line: Int
        let sku: String
        let gtin: String
        let quantity: Int
        let condition: String
        let reason: String
        let disposition: String
        let serials: [String]
        let lots: [String]
        let gross: String
        let fee: String
        let tax: String
        let refund: String
        /// Present when a supervisor approved these units after the station refused them.
        let override: ExceptionOverride?
    }

    struct NoteObject: Encodable {
        let type = "note"
        let note: String
        let id: String
        let order: String
        let customer: String
        let session: String
        let currency: String
        let lines: [NoteLine]
        let refundTotal: String
        /// `RefundPolicy.id` the note was priced by.
        let refundPolicy: String?
        let operatorID: String?
        let ledgerStatus: String?
        let creditNote: String?
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The JSON lines for one receipt: the scan, then its note if it closed one.
    public static func jsonLines(for receipt: ScanReceipt) -> [String] {
        var item: DecodedItem?
        if case .item(let decoded) = receipt.meaning { item = decoded }
        let scan = ScanLine(seq: receipt.seq, device: receipt.input.device, lane: receipt.lane, text: printable(receipt.input.text),
                            kind: receipt.meaning.kind, outcome: receipt.decision.outcome.rawValue, detail: receipt.decision.detail,
                            order: receipt.decision.orderNumber, line: receipt.decision.line, quantity: receipt.decision.quantity,
                            session: receipt.decision.sessionID, gtin: item?.gtin?.digits, serial: item?.serial, lot: item?.lot,
                            expiry: item?.expiry?.iso)
        var lines = [encode(scan)]
        if let note = receipt.note { lines.append(encode(noteObject(note))) }
        return lines
    }

    public static func noteJSON(_ note: StoredReturnNote) -> String { encode(noteObject(note)) }

    static func noteObject(_ stored: StoredReturnNote) -> NoteObject {
        let n = stored.note
        return NoteObject(
            note: stored.number, id: n.id, order: n.orderNumber, customer: n.customer, session: n.sessionID, currency: n.currency,
            lines: n.lines.map { l in
                NoteLine(line: l.orderLine, sku: l.sku, gtin: l.gtin.digits, quantity: l.quantity, condition: l.inspection.condition.rawValue,
                         reason: l.inspection.reason.rawValue, disposition: l.inspection.disposition.rawValue, serials: l.serials,
                         lots: l.lots, gross: l.money.gross.decimalString, fee: l.money.fee.decimalString,
                         tax: l.money.tax.decimalString, refund: l.money.refund.decimalString, override: l.override)
            },
            refundTotal: n.refundTotal.decimalString, refundPolicy: n.refundPolicyID, operatorID: n.operatorID,
            ledgerStatus: stored.ledgerStatus, creditNote: stored.creditNote)
    }

    static func encode(_ value: some Encodable) -> String {
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// Group separators shown as `<GS>`, as a person types them in a script.
    public static func printable(_ text: String) -> String { ScanTextEscapes.printable(text) }
}
