extension ItemCodeDecoder {
    /// Length of the main code under ]E3 by total length: EAN-13/UPC-A/UPC-E plus a 2- or 5-digit add-on.
    static let mainLengthWithAddOn: [Int: Int] = [15: 13, 18: 13, 14: 12, 17: 12, 10: 8, 13: 8]

    /// Decodes data sent under an EAN/UPC AIM identifier; the add-on, if any, is dropped.
    static func decodeEANUPC(_ data: String, bytes: [UInt8], aim: AIMIdentifier) throws(CodeError) -> DecodedItem? {
        if let index = bytes.firstIndex(where: { !$0.isASCIIDigit }) {
            throw .nonDigit(in: data, at: index, what: "EAN/UPC code")
        }
        let main: String
        switch aim.modifier {
        case "1", "2":
            return nil
        case "3":
            guard let length = mainLengthWithAddOn[bytes.count] else {
                throw CodeError(
                    .invalidLength,
                    "EAN/UPC code with add-on \(data) has \(bytes.count) digits; expected 10, 13, 14, 15, 17 or 18.",
                    text: data)
            }
            main = String(data.prefix(length))
        case "4":
            guard bytes.count == 8 else {
                throw CodeError(.invalidLength, "EAN-8 code \(data) has \(bytes.count) digits; expected 8.", text: data)
            }
            return DecodedItem(kind: .gtin, gtin: try GTIN(data), aim: aim)
        default:
            main = data
        }
        if main.utf8.count == 8 {
            return DecodedItem(kind: .gtin, gtin: try GTIN(GTIN.expandUPCE(main)), aim: aim)
        }
        guard main.utf8.count == 12 || main.utf8.count == 13 else {
            throw CodeError(
                .invalidLength, "EAN/UPC code \(main) has \(main.utf8.count) digits; expected 8, 12 or 13.", text: main)
        }
        return DecodedItem(kind: .gtin, gtin: try GTIN(main), aim: aim)
    }
}
