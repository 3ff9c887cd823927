/// Turns the text of one scan into a decoded item code.
///
/// ```swift
/// try ItemCodeDecoder.decode("]C1010950600013435217201225")?.expiry?.iso   // "2020-12-25"
/// try ItemCodeDecoder.decode("9506000134352")?.gtin?.digits               // "09506000134352"
/// try ItemCodeDecoder.decode("RMA-1234")                                  // nil: not an item code
/// try ItemCodeDecoder.decode("9506000134353")                             // throws badCheckDigit
/// ```
///
/// The rules, in order:
/// 1. Surrounding spaces, tabs, CR and LF (scanner suffixes) are dropped; nothing left throws `emptyInput`.
/// 2. A leading AIM identifier is split off. A GS1 one (]C1 ]e0 ]d2 ]Q3 ]J1), a GS in the data or a
///    leading "(digits" makes it a GS1 element string.
/// 3. EAN/UPC (]E0 ]E3 ]E4) must be digits. ]E0 with 8 digits is UPC-E (scanners sending UPC-E as sent,
///    with number system and check digit); 12 or 13 digits are UPC-A/EAN-13. ]E3 drops the 2- or 5-digit
///    add-on. ]E4 is EAN-8. ]E1/]E2 (an add-on alone) is not an item code.
/// 4. Otherwise: `preferEPC` (the text came from an RFID reader) and hex → EPC. Digits of length
///    8/12/13/14 → GTIN (8 digits without AIM is GTIN-8). Longer digits starting with a key AI (00, 01, 02)
///    → GS1 element string without separators. 24/50/52 hex characters with a letter, or digits starting
///    with an EPC header we read (30, 31, 36) → EPC.
/// 5. Anything else returns nil, so that the caller can try order numbers and command barcodes.
public enum ItemCodeDecoder {
    /// Returns nil when the text does not look like an item code; throws when it does but is broken.
    ///
    /// - Parameter referenceYear: the current year, for the GS1 century rule on expiry dates.
    public static func decode(_ text: String, preferEPC: Bool = false, referenceYear: Int = GS1Date.currentYear)
        throws(CodeError) -> DecodedItem?
    {
        let trimmed = trimmingScannerWhitespace(text)
        let (aim, data) = AIMIdentifier.split(trimmed)
        let bytes = Array(data.utf8)
        guard bytes.contains(where: { $0 != .groupSeparator }) else {
            let what = aim.map { "Only the AIM identifier \($0) was scanned" } ?? "The scan is empty"
            throw CodeError(.emptyInput, "\(what); there is no code to decode.", text: text)
        }
        if aim?.isGS1 == true || bytes.contains(.groupSeparator)
            || (bytes.count > 1 && bytes[0] == UInt8(ascii: "(") && bytes[1].isASCIIDigit)
        {
            return DecodedItem(try GS1ElementString.parse(data, referenceYear: referenceYear), aim: aim)
        }
        if let aim, aim.isEANUPC {
            return try decodeEANUPC(data, bytes: bytes, aim: aim)
        }
        let allDigits = bytes.allSatisfy(\.isASCIIDigit)
        let isEPCLength = [24, 50, 52].contains(bytes.count)
        if preferEPC && bytes.allSatisfy(\.isASCIIHexDigit) {
            return DecodedItem(try EPCTag.decode(hex: data), aim: aim)
        }
        if allDigits && GTIN.acceptedLengths.contains(bytes.count) {
            return DecodedItem(kind: .gtin, gtin: try GTIN(data), aim: aim)
        }
        if allDigits && bytes.count > 14 && bytes[0] == UInt8(ascii: "0") && bytes[1] <= UInt8(ascii: "2") {
            return DecodedItem(try GS1ElementString.parse(data, referenceYear: referenceYear), aim: aim)
        }
        if isEPCLength && bytes.allSatisfy(\.isASCIIHexDigit)
            && (!allDigits || ["30", "31", "36"].contains(data.prefix(2)))
        {
            return DecodedItem(try EPCTag.decode(hex: data), aim: aim)
        }
        return nil
    }

    /// Drops spaces, tabs, CR and LF at both ends; GS1 data never holds them, scanners often add them.
    static func trimmingScannerWhitespace(_ text: String) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }
}
