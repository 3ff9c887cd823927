extension GTIN {
    /// Expands an 8-digit UPC-E (number system 0 or 1, six digits, check digit) to its 12-digit UPC-A,
    /// verifying the check digit, which UPC-E shares with its UPC-A.
    ///
    /// Only the 8-digit form is accepted: it is what Honeywell and Zebra scanners send by default
    /// (number system and check digit transmitted). A 6- or 7-digit form is ambiguous (is the
    /// seventh digit the number system or the check digit?), so configure scanners to send 8.
    ///
    /// ```swift
    /// try GTIN.expandUPCE("04252614")   // "042100005264"
    /// ```
    public static func expandUPCE(_ upce: some StringProtocol) throws(CodeError) -> String {
        let text = String(upce)
        let d = Array(text.utf8)
        if let index = d.firstIndex(where: { !$0.isASCIIDigit }) {
            throw .nonDigit(in: text, at: index, what: "UPC-E")
        }
        guard d.count == 8 else {
            throw CodeError(
                .invalidUPCE,
                "UPC-E \(text) has \(d.count) digits; expected 8 (number system, 6 digits, check digit).",
                text: text)
        }
        guard d[0] == UInt8(ascii: "0") || d[0] == UInt8(ascii: "1") else {
            throw CodeError(
                .invalidUPCE,
                "UPC-E \(text) has number system \(Character(Unicode.Scalar(d[0]))); only 0 and 1 exist.",
                text: text)
        }
        let zero = UInt8(ascii: "0")
        let body: [UInt8] =
            switch d[6] {
            case UInt8(ascii: "0")...UInt8(ascii: "2"): [d[1], d[2], d[6], zero, zero, zero, zero, d[3], d[4], d[5]]
            case UInt8(ascii: "3"): [d[1], d[2], d[3], zero, zero, zero, zero, zero, d[4], d[5]]
            case UInt8(ascii: "4"): [d[1], d[2], d[3], d[4], zero, zero, zero, zero, zero, d[5]]
            default: [d[1], d[2], d[3], d[4], d[5], zero, zero, zero, zero, d[6]]
            }
        let upca = [d[0]] + body + [d[7]]
        let expected = GS1CheckDigit.value(of: upca.dropLast()) + zero
        guard d[7] == expected else {
            throw CodeError(
                .badCheckDigit,
                "UPC-E \(text) has check digit \(Character(Unicode.Scalar(d[7]))), "
                    + "expected \(Character(Unicode.Scalar(expected))).",
                text: text)
        }
        return String(decoding: upca, as: UTF8.self)
    }
}
