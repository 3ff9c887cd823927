/// Decides whether one item belongs to an order and may be returned.
///
/// Rules, in this order, for each line that carries the item's GTIN (in line-number order):
/// not returnable → `notReturnable`; past `delivered + return days` → `outsideWindow`; serial-tracked
/// line: serial missing or not sold on it → `serialMismatch`, already returned or in an open return →
/// `duplicateSerial`; quantity left (sold − returned before − in open returns) below the scan's quantity
/// → `overReturn`; else `accepted`. The first line that accepts wins, so a GTIN on several lines goes to
/// the earliest line with quantity left; when none accepts, the earliest line's outcome is reported.
public enum OrderMatcher {
    /// What open sessions (on any lane) already hold of an order.
    public struct InFlight: Sendable {
        public var quantityByLine: [Int: Int] = [:]
        public var serials: Set<String> = []
        public init() {}

        mutating func add(_ item: SessionItem) {
            quantityByLine[item.line, default: 0] += item.quantity
            if let serial = item.serial { serials.insert(serial) }
        }

        mutating func remove(_ item: SessionItem) {
            let left = (quantityByLine[item.line] ?? 0) - item.quantity
            quantityByLine[item.line] = left == 0 ? nil : left
            if let serial = item.serial { serials.remove(serial) }
        }

        /// Nothing of the order is held by an open return.
        var isEmpty: Bool { quantityByLine.isEmpty && serials.isEmpty }
    }

    public struct Result: Hashable, Sendable {
        public var outcome: ScanOutcome
        public var line: Int?
        /// Units counted: `requested` when accepted, else 0.
        public var quantity: Int
        /// Units the scan stands for on this line: the `QTY:n` asked for, one on a serial-tracked line.
        public var requested: Int
        public var detail: String
    }

    /// What an RMA allows in this return: units per line, and what this return already counted.
    public struct Authorisation: Sendable {
        public var rma: String
        public var remainingByLine: [Int: Int]
        public var countedByLine: [Int: Int]
        public init(rma: String, remainingByLine: [Int: Int], countedByLine: [Int: Int]) {
            self.rma = rma
            self.remainingByLine = remainingByLine
            self.countedByLine = countedByLine
        }
    }

    public static func match(
        _ item: DecodedItem, quantity requested: Int, order: SalesOrder, inFlight: InFlight, today: LocalDate,
        authorisation: Authorisation? = nil
    ) -> Result {
        guard let gtin = item.gtin else {
            return Result(outcome: .notInOrder, line: nil, quantity: 0, requested: requested, detail: "the code names no product (GTIN)")
        }
        let sameProduct = order.lines.filter { $0.gtin == gtin }
        guard !sameProduct.isEmpty else {
            return Result(outcome: .notInOrder, line: nil, quantity: 0, requested: requested,
                          detail: "GTIN \(gtin) is not on order \(order.number)")
        }
        var candidates = sameProduct
        if let lot = item.lot {
            candidates = sameProduct.filter { $0.lot == nil || $0.lot == lot }
            guard !candidates.isEmpty else {
                let sold = sameProduct.compactMap(\.lot).joined(separator: ", ")
                return Result(outcome: .notInOrder, line: sameProduct[0].line, quantity: 0, requested: requested,
                              detail: "lot \(lot) of GTIN \(gtin) was not sold on order \(order.number) (sold: \(sold))")
            }
        }
        let results = candidates.map {
            evaluate(item, requested: requested, line: $0, inFlight: inFlight, today: today, authorisation: authorisation)
        }
        return results.first { $0.outcome == .accepted } ?? results[0]
    }

    private static func evaluate(_ item: DecodedItem, requested: Int, line: OrderLine, inFlight: InFlight, today: LocalDate,
                                 authorisation: Authorisation?) -> Result {
        // A serial-tracked line takes one unit per scan, whatever QTY said.
        let quantity = line.isSerialTracked ? 1 : requested
        func result(_ outcome: ScanOutcome, _ counted: Int, _ detail: String) -> Result {
            Result(outcome: outcome, line: line.line, quantity: counted, requested: quantity, detail: detail)
        }
        guard line.returnable else { return result(.notReturnable, 0, "line \(line.line) (\(line.sku)) is marked not returnable") }
        guard today <= line.lastReturnDay else {
            return result(.outsideWindow, 0, "line \(line.line) was delivered \(line.deliveredOn); its \(line.returnDays)-day return window ended \(line.lastReturnDay)")
        }
        if line.isSerialTracked {
            guard let serial = item.serial else {
                return result(.serialMismatch, 0, "line \(line.line) is serial-tracked: scan the code that carries the serial")
            }
            guard line.serialsSold.contains(serial) else {
                return result(.serialMismatch, 0, "serial \(serial) was not sold on line \(line.line) of \(line.gtin)")
            }
            if line.serialsReturned.contains(serial) { return result(.duplicateSerial, 0, "serial \(serial) was already returned") }
            if inFlight.serials.contains(serial) { return result(.duplicateSerial, 0, "serial \(serial) is already in an open return") }
        } else if let serial = item.serial, inFlight.serials.contains(serial) {
            return result(.duplicateSerial, 0, "serial \(serial) was already scanned in an open return")
        }
        if let authorisation {
            let allowed = authorisation.remainingByLine[line.line] ?? 0
            let counted = authorisation.countedByLine[line.line] ?? 0
            guard counted + quantity <= allowed else {
                return result(.overReturn, 0, "\(authorisation.rma) authorises \(allowed) of line \(line.line); \(counted) already in this return, \(quantity) more is too many")
            }
        }
        let open = inFlight.quantityByLine[line.line] ?? 0
        let left = line.quantitySold - line.quantityReturned - open
        guard quantity <= left else {
            return result(.overReturn, 0, "line \(line.line): sold \(line.quantitySold), returned before \(line.quantityReturned), in open returns \(open); \(quantity) more is too many")
        }
        return result(.accepted, quantity, "line \(line.line): \(line.quantityReturned + open + quantity) of \(line.quantitySold) returned")
    }
}
