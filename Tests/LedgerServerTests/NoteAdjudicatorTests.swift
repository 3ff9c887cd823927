import Foundation
import LedgerProtocol
@testable import LedgerServer
import ReturnsCore
import Testing

/// The pure decision, without a database.
@Suite struct NoteAdjudicatorTests {
    let day = LocalDate(year: 2026, month: 3, day: 10)!

    func line(_ number: Int, sold: Int, returned: Int = 0, serials: [String] = []) -> LockedOrderLine {
        LockedOrderLine(line: number, sku: "S\(number)", gtin: Fixtures.gtins[number]!, quantitySold: sold,
                        quantityReturned: returned, unitPriceMinor: 1000, taxRateBasisPoints: 1900, serialsSold: serials,
                        returnable: true, deliveredOn: day, returnDays: 14)
    }

    @Test func twoLinesOfOneNoteCannotTogetherExceedWhatIsLeft() throws {
        let note = Fixtures.note("s", "n", order: "o", [Fixtures.line(1, quantity: 2), Fixtures.line(1, quantity: 2)])
        let decision = try NoteAdjudicator(configuration: .init(), policy: .standard).decide(
            note, closedOn: day, currency: "EUR", lines: [1: line(1, sold: 5, returned: 2)], returnedSerials: [],
            rma: nil, rmaNumberUnknown: false)
        #expect(decision.accepted.map(\.quantity) == [2, 1])
        #expect(decision.refused.map(\.quantity) == [1])
        #expect(decision.refused.first?.index == 1)
    }

    @Test func windowIsInclusiveOfTheLastDayAndGTINMustMatch() throws {
        let adjudicator = NoteAdjudicator(configuration: .init(), policy: .standard)
        var note = Fixtures.note("s", "n", order: "o", [Fixtures.line(1)])
        let lines = [1: line(1, sold: 1)]
        #expect(try adjudicator.decide(note, closedOn: day.adding(days: 14), currency: "EUR", lines: lines, returnedSerials: [],
                                   rma: nil, rmaNumberUnknown: false).accepted.count == 1)
        #expect(try adjudicator.decide(note, closedOn: day.adding(days: 15), currency: "EUR", lines: lines, returnedSerials: [],
                                   rma: nil, rmaNumberUnknown: false).refused.map(\.reason) == [.outsideWindow])
        note.lines[0].gtin = "4006381333931"  // the same GTIN-13 without the leading zero still matches
        #expect(try adjudicator.decide(note, closedOn: day, currency: "EUR", lines: lines, returnedSerials: [], rma: nil,
                                   rmaNumberUnknown: false).accepted.count == 1)
        note.lines[0].gtin = Fixtures.gtins[2]!
        #expect(try adjudicator.decide(note, closedOn: day, currency: "EUR", lines: lines, returnedSerials: [], rma: nil,
                                   rmaNumberUnknown: false).refused.map(\.reason) == [.notOnOrder])
    }

    @Test func serialTrackedLinesNeedSerials() throws {
        let note = Fixtures.note("s", "n", order: "o", [Fixtures.line(2, quantity: 1)])
        let decision = try NoteAdjudicator(configuration: .init(), policy: .standard).decide(
            note, closedOn: day, currency: "EUR", lines: [2: line(2, sold: 2, serials: ["A", "B"])], returnedSerials: [],
            rma: nil, rmaNumberUnknown: false)
        #expect(decision.refused.map(\.reason) == [.notOnOrder])
    }

    /// The same unchecked arithmetic that trapped at the station would have taken the ledger down on an order
    /// stored before `OrderLimits`: now the note is refused with `amountBeyondLimits` and nothing is decided.
    @Test func aRefundBeyondSixtyFourBitsIsRefusedNotATrap() {
        var big = line(1, sold: 3)
        big.unitPriceMinor = 4_000_000_000_000_000_000
        let note = Fixtures.note("s", "n", order: "o", [Fixtures.line(1, quantity: 3)])
        #expect {
            _ = try NoteAdjudicator(configuration: .init(), policy: .standard).decide(
                note, closedOn: day, currency: "EUR", lines: [1: big], returnedSerials: [], rma: nil, rmaNumberUnknown: false)
        } throws: { error in
            (error as? LedgerError)?.code == .amountBeyondLimits && (error as? LedgerError)?.status == .unprocessableContent
        }
    }

    /// Each line's refund fits, their sum on the credit note does not: refused before anything is written.
    @Test func aCreditNoteTotalBeyondSixtyFourBitsIsRefused() {
        var one = line(1, sold: 1), two = line(2, sold: 1)
        one.unitPriceMinor = 5_000_000_000_000_000_000
        two.unitPriceMinor = 5_000_000_000_000_000_000
        let note = Fixtures.note("s", "n", order: "o", [Fixtures.line(1), Fixtures.line(2)])
        #expect {
            _ = try NoteAdjudicator(configuration: .init(), policy: .standard).decide(
                note, closedOn: day, currency: "EUR", lines: [1: one, 2: two], returnedSerials: [], rma: nil, rmaNumberUnknown: false)
        } throws: { error in
            (error as? LedgerError)?.code == .amountBeyondLimits && (error as? LedgerError)?.message.contains("the credit note of order o") == true
        }
    }

    @Test func commandLineValues() throws {
        #expect(try CommandLineValues.rmaLine("3:2") == RMALineRequest(orderLine: 3, quantity: 2))
        #expect(throws: LedgerError.self) { try CommandLineValues.rmaLine("3") }
        #expect(try CommandLineValues.days("14d") == 14)
        #expect(try CommandLineValues.days("2w") == 14)
        #expect(try CommandLineValues.days("30") == 30)
        #expect(throws: LedgerError.self) { try CommandLineValues.days("soon") }
        #expect(try ListenConfiguration(listen: "0.0.0.0:9000") == ListenConfiguration(host: "0.0.0.0", port: 9000))
        #expect(try ListenConfiguration(listen: "[::1]:80").host == "::1")
        let url = try DatabaseURL("postgres://u:p%40ss@db.example:6543/ledger?sslmode=require")
        #expect(url.host == "db.example" && url.port == 6543 && url.password == "p@ss" && url.database == "ledger")
        #expect(throws: LedgerError.self) { try DatabaseURL("mysql://x") }
    }
}
