/// A calendar date from a GS1 YYMMDD field, with the century resolved and a "day 00" resolved to the
/// last day of its month, as GS1 prescribes for AIs 11–17.
public struct GS1Date: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Builds a date after checking that it exists (month 1...12, day within the month).
    public init(year: Int, month: Int, day: Int) throws(CodeError) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw CodeError(.invalidDate, "\(year)-\(month)-\(day) is not a calendar date.")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses six YYMMDD digits.
    ///
    /// - Parameters:
    ///   - allowsDayZero: whether "00" as day means the month's last day (AIs 11–17).
    ///   - referenceYear: the current year, for the GS1 century rule (General Specifications §7.12):
    ///     a YY 51–99 years ahead of it is in the previous century, 50–99 behind it in the next one.
    public init(yymmdd: some StringProtocol, allowsDayZero: Bool, referenceYear: Int, ai: String? = nil)
        throws(CodeError)
    {
        let text = String(yymmdd)
        let b = Array(text.utf8)
        if let index = b.firstIndex(where: { !$0.isASCIIDigit }) {
            throw .nonDigit(in: text, at: index, what: "date", ai: ai)
        }
        guard b.count == 6 else {
            throw CodeError(.invalidDate, "Date \(text) is not six YYMMDD digits.", ai: ai, text: text)
        }
        func number(_ i: Int) -> Int { Int(b[i] - 48) * 10 + Int(b[i + 1] - 48) }
        let (yy, month, dd) = (number(0), number(2), number(4))
        let year = Self.year(fromYY: yy, referenceYear: referenceYear)
        let prefix = ai.map { "AI (\($0)) " } ?? ""
        guard (1...12).contains(month) else {
            throw CodeError(
                .invalidDate, "\(prefix)date \(text) has month \(month); months run 1 to 12.", ai: ai, text: text)
        }
        let last = Self.daysIn(month: month, year: year)
        if dd == 0 && allowsDayZero {
            self.year = year
            self.month = month
            self.day = last
            return
        }
        guard (1...last).contains(dd) else {
            throw CodeError(
                .invalidDate, "\(prefix)date \(text) has day \(dd); \(year)-\(month) has days 1 to \(last).",
                ai: ai, text: text)
        }
        self.year = year
        self.month = month
        self.day = dd
    }

    /// The four-digit year for a two-digit YY by the GS1 century rule (General Specifications §7.12).
    public static func year(fromYY yy: Int, referenceYear: Int) -> Int {
        let century = referenceYear - referenceYear % 100
        switch yy - referenceYear % 100 {
        case 51...99: return century - 100 + yy
        case -99 ... -50: return century + 100 + yy
        default: return century + yy
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// YYYY-MM-DD.
    public var iso: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (lhs: GS1Date, rhs: GS1Date) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
