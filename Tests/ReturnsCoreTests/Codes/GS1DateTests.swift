import Foundation
import Testing

@testable import ReturnsCore

@Suite("GS1 dates")
struct GS1DateTests {
    /// The GS1 century rule (General Specifications §7.12), worked by hand for reference years 2026 and 2095.
    @Test(arguments: [
        (26, 2026, 2026), (76, 2026, 2076), (77, 2026, 1977), (99, 2026, 1999), (0, 2026, 2000),
        (45, 2095, 2145), (46, 2095, 2046), (44, 2095, 2144), (49, 2000, 2049), (51, 2000, 1951),
        (50, 2000, 2050), (50, 2099, 2050), (48, 2099, 2148), (49, 2099, 2149),
    ])
    func centuryRule(yy: Int, reference: Int, expected: Int) {
        #expect(GS1Date.year(fromYY: yy, referenceYear: reference) == expected)
    }

    @Test func parsesYYMMDD() throws {
        let date = try GS1Date(yymmdd: "201225", allowsDayZero: true, referenceYear: 2026)
        #expect(date.iso == "2020-12-25")
        #expect(date == (try GS1Date(year: 2020, month: 12, day: 25)))
    }

    @Test(arguments: [
        ("240200", "2024-02-29"), ("250200", "2025-02-28"), ("000200", "2000-02-29"), ("261100", "2026-11-30"),
    ])
    func dayZeroIsLastDayOfMonth(text: String, iso: String) throws {
        #expect(try GS1Date(yymmdd: text, allowsDayZero: true, referenceYear: 2026).iso == iso)
    }

    @Test(arguments: ["261300", "260001", "260230", "250229", "260431", "260100"])
    func invalidDates(text: String) {
        do {
            _ = try GS1Date(yymmdd: text, allowsDayZero: false, referenceYear: 2026)
            Issue.record("expected \(text) to be rejected")
        } catch {
            #expect(error.code == .invalidDate)
            #expect(error.text == text)
        }
    }

    @Test func nonDigitDate() {
        #expect(throws: CodeError.self) { try GS1Date(yymmdd: "2612A1", allowsDayZero: true, referenceYear: 2026) }
    }

    @Test func civilYearFromDayCount() {
        #expect(GS1Date.civilYear(daysSince1970: 0) == 1970)
        #expect(GS1Date.civilYear(daysSince1970: 10_956) == 1999)  // 1999-12-31
        #expect(GS1Date.civilYear(daysSince1970: 10_957) == 2000)  // 2000-01-01
        #expect(GS1Date.civilYear(daysSince1970: 20_454) == 2026)  // 2026-01-01
        #expect(GS1Date.civilYear(daysSince1970: -1) == 1969)
        #expect((2024...2200).contains(GS1Date.currentYear))
    }

    @Test func codableAsISOText() throws {
        let date = try GS1Date(year: 2020, month: 12, day: 25)
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2020-12-25"]"#)
        #expect(try JSONDecoder().decode([GS1Date].self, from: data) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([GS1Date].self, from: Data(#"["2021-02-29"]"#.utf8))
        }
    }
}
