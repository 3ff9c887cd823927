import PropertyBased
import Testing
@testable import ReturnsCore

@Suite struct RefundPolicyTests {
    let policy = RefundPolicy.standard

    @Test func openedItemPaysTheFeeThenTax() throws {
        // 2 × 59.90 = 119.80; fee 10 % = 11.98; net 107.82; tax 19 % = 20.4858 → 20.49; refund 128.31
        let money = try policy.refund(unitPrice: Money(minorUnits: 5990, currency: "EUR"), quantity: 2, taxRateBasisPoints: 1900,
                                  inspection: Inspection(condition: .opened, reason: .noLongerNeeded, disposition: .restock))
        #expect(money.gross.minorUnits == 11980)
        #expect(money.fee.minorUnits == 1198)
        #expect(money.tax.minorUnits == 2049)
        #expect(money.refund.minorUnits == 12831)
        #expect(money.refund.decimalString == "128.31")
    }

    @Test func sellersFaultWaivesTheFee() throws {
        let money = try policy.refund(unitPrice: Money(minorUnits: 29900, currency: "EUR"), quantity: 1, taxRateBasisPoints: 1900,
                                  inspection: Inspection(condition: .damaged, reason: .damagedInTransit, disposition: .refurbish))
        #expect(money.fee.minorUnits == 0)
        #expect(money.refund.minorUnits == 29900 + 5681)
    }

    @Test func roundingIsHalfAwayFromZero() throws {
        #expect(try RefundPolicy.roundedShare(of: 5, basisPoints: 1000) == 1)   // 0.5 → 1
        #expect(try RefundPolicy.roundedShare(of: 4, basisPoints: 1000) == 0)   // 0.4 → 0
        #expect(try RefundPolicy.roundedShare(of: 15, basisPoints: 1000) == 2)  // 1.5 → 2
        #expect(try RefundPolicy.roundedShare(of: -5, basisPoints: 1000) == -1)
        #expect(try RefundPolicy.roundedShare(of: 11980, basisPoints: 1900) == 2276)  // 2276.2
    }

    @Test func zeroDecimalCurrencies() throws {
        let yen = try Money(decimal: "1980", currency: "JPY")
        let money = try policy.refund(unitPrice: yen, quantity: 1, taxRateBasisPoints: 1000,
                                  inspection: Inspection(condition: .opened, reason: .other, disposition: .restock))
        #expect(money.fee.minorUnits == 198)
        #expect(money.refund.decimalString == "1960")  // 1782 + 178.2 → 178
    }

    @Test func refundNeverExceedsGrossPlusTaxAndNeverGoesNegative() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...50), Gen.int(in: 0...2500),
                            Gen.int(in: 0...(ItemCondition.allCases.count - 1))) { price, quantity, tax, conditionIndex in
            let condition = ItemCondition.allCases[conditionIndex]
            let m = try! policy.refund(unitPrice: Money(minorUnits: Int64(price), currency: "EUR"), quantity: quantity, taxRateBasisPoints: tax,
                                  inspection: Inspection(condition: condition, reason: .other, disposition: .restock))
            #expect(m.refund.minorUnits >= 0)
            #expect(m.fee.minorUnits <= m.gross.minorUnits)
            #expect(m.refund.minorUnits == m.gross.minorUnits - m.fee.minorUnits + m.tax.minorUnits)
            #expect(m.refund.minorUnits <= m.gross.minorUnits + (try! RefundPolicy.roundedShare(of: m.gross.minorUnits, basisPoints: tax)))
        }
    }

    /// Unchecked Int64 arithmetic trapped on a unit price of 10^14 with tax; now every step is checked.
    @Test func amountsBeyondSixtyFourBitsAreAnErrorNotATrap() throws {
        let opened = Inspection(condition: .opened, reason: .other, disposition: .restock)
        let huge = Money(minorUnits: 100_000_000_000_000 * 100, currency: "EUR")  // 10^14 EUR
        #expect(throws: MoneyOverflow.self) {
            try policy.refund(unitPrice: huge, quantity: 1000, taxRateBasisPoints: 1900, inspection: opened)
        }
        #expect(throws: MoneyOverflow.self) {
            try policy.refund(unitPrice: Money(minorUnits: .max, currency: "EUR"), quantity: 1, taxRateBasisPoints: 1900, inspection: opened)
        }
        #expect(throws: MoneyOverflow.self) { try RefundPolicy.roundedShare(of: .max, basisPoints: 20_000) }
        // The share is taken in 128 bits: 10 % of the largest amount is exact, not an overflow.
        #expect(try RefundPolicy.roundedShare(of: .max, basisPoints: 1000) == 922_337_203_685_477_581)
        // The worst case the limits allow: the most valuable order, 100 % tax, no fee.
        let most = Money(minorUnits: OrderLimits.maximumUnitPriceMinorUnits, currency: "EUR")
        let money = try policy.refund(unitPrice: most, quantity: 100, taxRateBasisPoints: OrderLimits.maximumTaxRateBasisPoints,
                                      inspection: Inspection(condition: .new, reason: .other, disposition: .restock))
        #expect(money.refund.minorUnits == 2 * OrderLimits.maximumOrderValueMinorUnits)
    }
}

@Suite struct MoneyAndDateTests {
    @Test func parsesAndPrintsDecimalAmounts() throws {
        #expect(try Money(decimal: "19.99", currency: "EUR").minorUnits == 1999)
        #expect(try Money(decimal: "19.9", currency: "EUR").minorUnits == 1990)
        #expect(try Money(decimal: "5", currency: "EUR").decimalString == "5.00")
        #expect(try Money(decimal: "1.005", currency: "KWD").minorUnits == 1005)
        #expect(Money(minorUnits: -5, currency: "EUR").decimalString == "-0.05")
    }

    @Test(arguments: ["19.999", "1,50", "abc", "", ".5", "5.", "1e3"])
    func refusesAmountsItWouldHaveToGuess(_ text: String) {
        #expect(throws: MoneyError.self) { try Money(decimal: text, currency: "EUR") }
    }

    @Test func calendarArithmetic() {
        let d = LocalDate(year: 2024, month: 2, day: 28)!
        #expect(d.adding(days: 1).iso == "2024-02-29")
        #expect(d.adding(days: 2).iso == "2024-03-01")
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "2025-02-29") == nil)
    }

    @Test func dayNumbersRoundTrip() async {
        await propertyCheck(input: Gen.int(in: -200_000...200_000)) { days in
            let date = LocalDate(daysSinceEpoch: days)
            let (y, m, d) = date.components
            #expect(LocalDate(year: y, month: m, day: d) == date)
            #expect(LocalDate(iso: date.iso) == date || y < 1000)
        }
    }
}
