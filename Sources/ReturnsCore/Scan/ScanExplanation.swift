/// A scan's meaning laid out for a person or a JSON consumer (`returnsctl decode`).
public struct ScanExplanation: Codable, Hashable, Sendable {
    public struct Element: Codable, Hashable, Sendable {
        public var ai: String
        public var value: String
    }

    public struct EPC: Codable, Hashable, Sendable {
        public var scheme: String
        public var filter: Int
        public var companyPrefix: String
        public var itemReference: String
        public var serial: String
        public var uri: String
    }

    public struct Failure: Codable, Hashable, Sendable {
        public var code: String
        public var message: String
    }

    public var kind: String
    public var symbology: String?
    public var gtin: String?
    public var serial: String?
    public var lot: String?
    public var expiry: String?
    public var elements: [Element]?
    public var epc: EPC?
    public var order: String?
    public var rma: String?
    public var command: String?
    public var error: Failure?

    public init(_ meaning: ScanMeaning) {
        kind = meaning.kind
        switch meaning {
        case .item(let item):
            symbology = item.aim?.description
            gtin = item.gtin?.digits
            serial = item.serial
            lot = item.lot
            expiry = item.expiry?.iso
            elements = item.elements.isEmpty ? nil : item.elements.map { Element(ai: $0.ai, value: $0.value) }
            epc = item.epc.map {
                EPC(scheme: $0.scheme.rawValue, filter: $0.filter, companyPrefix: $0.companyPrefix,
                    itemReference: $0.itemReference, serial: $0.serial, uri: $0.uri)
            }
        case .order(let number): order = number
        case .rma(let number): rma = number
        case .command(let command): self.command = CommandBarcodes.standard.barcode(for: command)
        case .supervisor(let action, let supervisor):
            self.command = "\(action.journalText) by \(supervisor)"
        case .unreadable(let failure):
            error = Failure(code: failure.itemCodeError?.code.rawValue ?? failure.code.rawValue, message: failure.message)
        }
    }

    /// Aligned `name: value` lines.
    public var humanText: String {
        var rows: [(String, String)] = [("kind", kind)]
        if let symbology { rows.append(("symbology", symbology)) }
        if let gtin { rows.append(("gtin", gtin)) }
        if let serial { rows.append(("serial", serial)) }
        if let lot { rows.append(("lot", lot)) }
        if let expiry { rows.append(("expiry", expiry)) }
        for element in elements ?? [] { rows.append(("(\(element.ai))", ScanTextEscapes.printable(element.value))) }
        if let epc {
            rows += [("epc scheme", epc.scheme), ("filter", String(epc.filter)), ("company prefix", epc.companyPrefix),
                     ("item reference", epc.itemReference), ("epc serial", epc.serial), ("uri", epc.uri)]
        }
        if let order { rows.append(("order", order)) }
        if let rma { rows.append(("rma", rma)) }
        if let command { rows.append(("command", command)) }
        if let error { rows.append(("error", "\(error.code): \(error.message)")) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }.joined(separator: "\n")
    }
}
