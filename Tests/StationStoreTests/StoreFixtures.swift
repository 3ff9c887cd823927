import ReturnsCore
import ReturnsTestKit
@testable import StationStore

/// Builds journal entries the way the pipeline does, on a real store file.
struct StoreHarness {
    let dir = TemporaryDirectory("store")
    var store: StationStore
    var state = StationState()
    var counter = 0
    static let today = LocalDate(year: 2026, month: 11, day: 20)!

    init(station: String = "DOCK1") throws {
        store = try StationStore(path: dir.file("station.sqlite"), stationID: station)
        try store.importOrders([StoreHarness.order], source: "test", atMillis: 1)
    }

    static var order: SalesOrder {
        let delivered = LocalDate(year: 2026, month: 11, day: 2)!
        return SalesOrder(number: "SO-1", customer: "Müller", lines: [
            OrderLine(line: 1, sku: "HP", gtin: try! GTIN("4006381333931"), quantitySold: 2,
                      unitPrice: Money(minorUnits: 5990, currency: "EUR"), taxRateBasisPoints: 1900, deliveredOn: delivered, returnDays: 30),
            OrderLine(line: 2, sku: "TAB", gtin: try! GTIN("09506000134352"), quantitySold: 2,
                      unitPrice: Money(minorUnits: 29900, currency: "EUR"), serialsSold: ["TAB-1", "TAB-2"], deliveredOn: delivered, returnDays: 30),
        ])
    }

    /// Decides `text` against the in-memory state; nothing is written until `commit`.
    mutating func decide(_ text: String, lane: String = "A", meaning given: ScanMeaning? = nil) throws -> JournalEntry {
        counter += 1
        let meaning = given ?? ScanClassifier().classify(text)
        var lookedUp: SalesOrder?
        if case .order(let number)? = state.lookupNeeded(for: meaning, lane: lane) { lookedUp = try store.order(number) }
        let context = ScanContext(lane: lane, device: lane, scanID: "scan-\(counter)-\(lane)", wallMillis: Int64(counter),
                                  monotonicNanos: UInt64(counter) * 1_000_000_000, today: StoreHarness.today)
        let decision = state.apply(meaning, context: context, lookedUp: lookedUp)
        return JournalEntry(context: context, raw: Array(text.utf8), text: text, symbology: nil, meaning: meaning,
                            decision: decision, operatorID: state.sessions[lane]?.operatorID)
    }

    /// Decides and commits each text in its own transaction.
    @discardableResult
    mutating func scan(_ texts: String..., lane: String = "A") throws -> [CommittedScan] {
        var out: [CommittedScan] = []
        for text in texts { out += try store.commit([decide(text, lane: lane)]) }
        return out
    }
}
