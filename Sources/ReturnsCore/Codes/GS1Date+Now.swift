#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension GS1Date {
    /// The current UTC year, the default reference for the GS1 century rule.
    ///
    /// The only place the codes read the clock; every parser takes `referenceYear` so tests and
    /// replays stay deterministic.
    public static var currentYear: Int {
        let days = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return civilYear(daysSince1970: days)
    }

    /// The proleptic Gregorian year of a day count (Howard Hinnant's days-to-civil algorithm).
    static func civilYear(daysSince1970 days: Int) -> Int {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153  // March = 0
        return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0)
    }
}
