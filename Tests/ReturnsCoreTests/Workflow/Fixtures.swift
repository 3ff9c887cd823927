import Foundation
@testable import ReturnsCore

/// A small order and a scripted lane, so scenario tests read like what happens at the dock.
enum Fixtures {
    static let headphones = try! GTIN("4006381333931")
    static let tablet = try! GTIN("09506000134352")
    static let giftCard = try! GTIN("5012345678900")
    static let cable = try! GTIN("012345600012")
    static let today = LocalDate(year: 2026, month: 11, day: 20)!

    static func order(number: String = "SO-1", delivered: LocalDate = LocalDate(year: 2026, month: 11, day: 2)!, days: Int = 30,
                      headphonesReturned: Int = 0) -> SalesOrder {
        let eur = { (minor: Int64) in Money(minorUnits: minor, currency: "EUR") }
        return SalesOrder(number: number, customer: "Müller GmbH", lines: [
            OrderLine(line: 1, sku: "HP", gtin: headphones, quantitySold: 2, unitPrice: eur(5990), taxRateBasisPoints: 1900,
                      deliveredOn: delivered, returnDays: days, quantityReturned: headphonesReturned),
            OrderLine(line: 2, sku: "TAB", gtin: tablet, quantitySold: 2, unitPrice: eur(29900), taxRateBasisPoints: 1900,
                      serialsSold: ["TAB-1", "TAB-2"], deliveredOn: delivered, returnDays: days, serialsReturned: ["TAB-2"]),
            OrderLine(line: 3, sku: "GC", gtin: giftCard, quantitySold: 1, unitPrice: eur(5000), returnable: false,
                      deliveredOn: delivered, returnDays: days),
            OrderLine(line: 4, sku: "CBL", gtin: cable, quantitySold: 5, unitPrice: eur(999), taxRateBasisPoints: 1900,
                      deliveredOn: delivered, returnDays: days),
            OrderLine(line: 5, sku: "CBL", gtin: cable, quantitySold: 2, unitPrice: eur(899), taxRateBasisPoints: 1900,
                      deliveredOn: delivered, returnDays: days),
        ])
    }
}

/// Drives a `StationState` the way the pipeline does, with a fake clock and one order catalogue.
struct Dock {
    var state = StationState()
    var catalogue: [String: SalesOrder]
    var classifier = ScanClassifier()
    var clockNanos: UInt64 = 1_000_000_000
    var counter = 0
    var today = Fixtures.today

    init(orders: [SalesOrder] = [Fixtures.order()]) {
        catalogue = Dictionary(uniqueKeysWithValues: orders.map { ($0.number, $0) })
    }

    /// Scans `text` on `lane`, `afterMillis` after the previous scan.
    @discardableResult
    mutating func scan(_ text: String, lane: String = "A", afterMillis: UInt64 = 100) -> ScanDecision {
        counter += 1
        clockNanos += afterMillis * 1_000_000
        let meaning = classifier.classify(text.replacingOccurrences(of: "<GS>", with: "\u{1D}"))
        var lookedUp: SalesOrder?
        if case .order(let number)? = state.lookupNeeded(for: meaning, lane: lane) { lookedUp = catalogue[number] }
        let context = ScanContext(lane: lane, device: lane, scanID: "scan-\(counter)", wallMillis: Int64(counter) * 1000,
                                  monotonicNanos: clockNanos, today: today)
        return state.apply(meaning, context: context, lookedUp: lookedUp)
    }
}
