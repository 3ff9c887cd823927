import ReturnsCore
import StationStore

/// What a person reads on a terminal: one line per scan, a small table per return note.
public enum HumanReport {
    public static func line(for receipt: ScanReceipt) -> String {
        let outcome = receipt.decision.outcome
        let mark = switch receipt.decision.feedback {
        case .good, .sessionClosed: "ok "
        case .rejected: "NO "
        case .exception: "EXC"
        case .none: " · "
        }
        let seq = receipt.seq.map { String($0) } ?? "-"
        let text = ReplayReport.printable(receipt.input.text)
        return "\(mark) #\(pad(seq, 4)) \(pad(receipt.input.device, 10)) \(pad(String(text.prefix(44)), 44)) \(pad(outcome.rawValue, 15)) \(receipt.decision.detail)"
    }

    public static func note(_ stored: StoredReturnNote) -> String {
        let n = stored.note
        var out = ["", "Return note \(stored.number)  order \(n.orderNumber)  customer \(n.customer)  operator \(n.operatorID ?? "-")"]
        out.append("  line  sku         qty  condition      reason              disposition       refund")
        for l in n.lines {
            out.append("  \(pad(String(l.orderLine), 4))  \(pad(l.sku, 10))  \(pad(String(l.quantity), 3))  \(pad(l.inspection.condition.rawValue, 13))  \(pad(l.inspection.reason.rawValue, 18))  \(pad(l.inspection.disposition.rawValue, 16))  \(l.money.refund.decimalString)"
                + (l.serials.isEmpty ? "" : "  serials \(l.serials.joined(separator: ","))")
                + (l.money.fee.minorUnits > 0 ? "  (fee \(l.money.fee.decimalString))" : ""))
        }
        out.append("  refund total \(n.refundTotal)")
        out.append("")
        return out.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
