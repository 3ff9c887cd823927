/// What an item scan says: the product plus lot, serial and expiry where the code carries them.
public struct DecodedItem: Hashable, Sendable {
    public let kind: ItemCodeKind
    public let gtin: GTIN?
    public let serial: String?
    public let lot: String?
    public let expiry: GS1Date?
    /// The GS1 elements read; for an EPC, the (01)+(21) or (00) it stands for; empty for a plain GTIN.
    public let elements: [GS1Element]
    public let epc: EPCTag?
    public let aim: AIMIdentifier?

    public init(
        kind: ItemCodeKind, gtin: GTIN?, serial: String? = nil, lot: String? = nil, expiry: GS1Date? = nil,
        elements: [GS1Element] = [], epc: EPCTag? = nil, aim: AIMIdentifier? = nil
    ) {
        self.kind = kind
        self.gtin = gtin
        self.serial = serial
        self.lot = lot
        self.expiry = expiry
        self.elements = elements
        self.epc = epc
        self.aim = aim
    }

    init(_ elementString: GS1ElementString, aim: AIMIdentifier?) {
        self.init(
            kind: .gs1, gtin: elementString.gtin, serial: elementString.serial, lot: elementString.lot,
            expiry: elementString.expiry, elements: elementString.elements, aim: aim)
    }

    init(_ tag: EPCTag, aim: AIMIdentifier?) {
        self.init(
            kind: .epc, gtin: tag.gtin, serial: tag.scheme.isSGTIN ? tag.serial : nil, elements: tag.elements,
            epc: tag, aim: aim)
    }
}
