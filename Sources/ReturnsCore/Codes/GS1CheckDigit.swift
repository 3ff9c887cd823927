/// GS1 mod-10 arithmetic on ASCII digit bytes, shared by GTIN, SSCC, GLN and EPC code.
enum GS1CheckDigit {
    /// The check digit value (0...9) for ASCII digits; weights 3,1,3… from the rightmost digit.
    static func value(of payload: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        var weight = 3
        for byte in payload.reversed() {
            sum += Int(byte &- UInt8(ascii: "0")) * weight
            weight = 4 - weight
        }
        return UInt8((10 - sum % 10) % 10)
    }

    /// Throws `badCheckDigit` unless the last of `digits` is the check digit of the others.
    static func verify(_ digits: some Collection<UInt8>, what: String, ai: String?) throws(CodeError) {
        let bytes = Array(digits)
        guard let last = bytes.last else { return }
        let expected = value(of: bytes.dropLast()) + UInt8(ascii: "0")
        guard last != expected else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = ai.map { "AI (\($0)) " } ?? ""
        throw CodeError(
            .badCheckDigit,
            "\(prefix)\(what) \(text) has check digit \(Character(Unicode.Scalar(last))), "
                + "expected \(Character(Unicode.Scalar(expected))).",
            ai: ai, text: text)
    }
}
