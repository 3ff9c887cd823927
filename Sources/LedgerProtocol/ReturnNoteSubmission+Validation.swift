import Foundation
import ReturnsCore

/// Why a submitted note is unprocessable as a whole (the ledger answers 422 `invalidRequest` with it), before
/// any of its lines is judged. Decided here, beside the wire type, so the fuzz target for the ledger's
/// submission decoding (`Fuzz/Targets/ledger-submission.swift`) runs exactly the checks the ledger runs.
public struct SubmissionProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var noteID: UUID
    public var message: String

    public init(noteID: UUID, message: String) {
        self.noteID = noteID
        self.message = message
    }

    public var description: String { "note \(noteID): \(message)" }
}

extension ReturnNoteSubmission {
    /// Shape checks that make a note unprocessable (422) rather than refused line by line; returns the day the
    /// return window is judged by.
    public func validated() throws(SubmissionProblem) -> LocalDate {
        func invalid(_ message: String) -> SubmissionProblem { SubmissionProblem(noteID: id, message: message) }
        guard !noteNumber.isEmpty, !orderNumber.isEmpty else { throw invalid("noteNumber and orderNumber must not be empty") }
        // PostgreSQL refuses NUL in text: anything stored is checked here, so it is a 422, never a 500.
        for (field, value) in [("noteNumber", noteNumber), ("orderNumber", orderNumber), ("rmaNumber", rmaNumber ?? "-"),
                               ("station", station), ("customer", customer.isEmpty ? "-" : customer)] {
            let maximum = field == "customer" ? OrderLimits.maximumCustomerLength : OrderLimits.maximumNumberLength
            if let problem = OrderLimits.textProblem(value, maximum: maximum) { throw invalid("\(field) \(problem)") }
        }
        guard OrderLimits.isCurrencyCode(currency) else {
            throw invalid("currency '\(currency)' is not an ISO 4217 code")
        }
        guard lines.count <= 1000 else { throw invalid("more than 1000 lines") }
        guard Self.plausibleMillis.contains(closedAtMillis) else {
            throw invalid("closedAtMillis \(closedAtMillis) is not a time from 2000 to 2100")
        }
        if let refundPolicy, !RefundPolicy.isID(refundPolicy) {
            throw invalid("refundPolicy '\(refundPolicy.prefix(40))' is not an id like rp-95d2e3875f1c9d80 (GET /v1/refund-policy)")
        }
        if let operatorID, let problem = OrderLimits.textProblem(operatorID, maximum: OrderLimits.maximumTextLength) { throw invalid("operatorID \(problem)") }
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            guard line.quantity > 0, line.quantity <= 100_000 else { throw invalid("line \(index): quantity \(line.quantity) is not from 1 to 100000") }
            for (field, value) in [("gtin", line.gtin), ("sku", line.sku)] + line.serials.map({ ("serial", $0) }) + line.lots.map({ ("lot", $0) }) {
                if let problem = OrderLimits.textProblem(value, maximum: OrderLimits.maximumTextLength) { throw invalid("line \(index): \(field) \(problem)") }
            }
            guard line.serials.isEmpty || line.serials.count == line.quantity else {
                throw invalid("line \(index): \(line.serials.count) serials for a quantity of \(line.quantity)")
            }
            if let override = line.override {
                guard override.rule.raisesException else { throw invalid("line \(index): override of \(override.rule.rawValue), which is no exception") }
                if let problem = OrderLimits.textProblem(override.approvedBy, maximum: OrderLimits.maximumTextLength) { throw invalid("line \(index): approvedBy \(problem)") }
                guard override.exceptionID > 0 else { throw invalid("line \(index): exceptionID \(override.exceptionID) is not positive") }
                // Approved while the return was open: before the close (a day of slack for a clock step).
                guard Self.plausibleMillis.contains(override.approvedAtMillis), override.approvedAtMillis <= closedAtMillis + 86_400_000 else {
                    throw invalid("line \(index): approvedAtMillis \(override.approvedAtMillis) is not a time before the close")
                }
            }
            for serial in line.serials {
                guard seen.insert("\(line.orderLine)/\(serial)").inserted else { throw invalid("serial \(serial) appears twice") }
            }
        }
        let (days, rest) = closedAtMillis.quotientAndRemainder(dividingBy: 86_400_000)
        let utcDay = LocalDate(daysSinceEpoch: Int(rest < 0 ? days - 1 : days))  // floor, for times before 1970 too
        guard let closedOn else { return utcDay }
        guard let day = LocalDate(iso: closedOn) else { throw invalid("closedOn '\(closedOn)' is not YYYY-MM-DD") }
        guard abs(day.daysSinceEpoch - utcDay.daysSinceEpoch) <= 1 else {
            throw invalid("closedOn \(closedOn) is more than a day away from closedAtMillis (\(utcDay) UTC)")
        }
        return day
    }

    /// 2000-01-01 to 2100-01-01 UTC: any time a note or an approval can have, and safely inside PostgreSQL's range.
    static let plausibleMillis: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000
}
