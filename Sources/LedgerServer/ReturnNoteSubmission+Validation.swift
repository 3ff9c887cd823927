import LedgerProtocol
import ReturnsCore

extension ReturnNoteSubmission {
    /// Shape checks that make a note unprocessable (422) rather than refused line by line; returns the day the
    /// return window is judged by.
    func validated() throws(LedgerError) -> LocalDate {
        func invalid(_ message: String) -> LedgerError { LedgerError(.invalidRequest, "note \(id): \(message)") }
        guard !noteNumber.isEmpty, !orderNumber.isEmpty else { throw invalid("noteNumber and orderNumber must not be empty") }
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw invalid("currency '\(currency)' is not an ISO 4217 code")
        }
        guard lines.count <= 1000 else { throw invalid("more than 1000 lines") }
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            guard line.quantity > 0, line.quantity <= 100_000 else { throw invalid("line \(index): quantity \(line.quantity) is not from 1 to 100000") }
            guard line.serials.isEmpty || line.serials.count == line.quantity else {
                throw invalid("line \(index): \(line.serials.count) serials for a quantity of \(line.quantity)")
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
}
