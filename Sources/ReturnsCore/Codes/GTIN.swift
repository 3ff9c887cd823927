/// A Global Trade Item Number, always held as GTIN-14 so that the EAN-13, UPC-A and GTIN-14 of one
/// product compare equal.
///
/// ```swift
/// let gtin = try GTIN("9506000134352")   // EAN-13
/// gtin.digits                            // "09506000134352"
/// gtin.digits(length: 13)                // "9506000134352"
/// ```
public struct GTIN: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 14 digits, check digit last.
    public let digits: String

    /// Lengths a GTIN may be written in: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14.
    public static let acceptedLengths: Set<Int> = [8, 12, 13, 14]

    /// Accepts GTIN-8/12/13/14 digits, verifies the check digit and pads to 14 digits.
    public init(_ text: some StringProtocol) throws(CodeError) {
        let bytes = Array(text.utf8)
        if let index = bytes.firstIndex(where: { !$0.isASCIIDigit }) {
            throw .nonDigit(in: String(text), at: index, what: "GTIN")
        }
        guard Self.acceptedLengths.contains(bytes.count) else {
            throw CodeError(
                .invalidLength,
                "GTIN \(text) has \(bytes.count) digits; a GTIN has 8, 12, 13 or 14.",
                text: String(text))
        }
        try GS1CheckDigit.verify(bytes, what: "GTIN", ai: nil)
        self.digits = String(repeating: "0", count: 14 - bytes.count) + String(text)
    }

    /// Wraps 14 digits already known to be valid (from an AI 01 value or an SGTIN).
    init(trusted digits: String) {
        self.digits = digits
    }

    /// The GTIN written with `length` digits (8, 12, 13 or 14), or nil when the dropped leading
    /// digits are not zeros.
    public func digits(length: Int) -> String? {
        guard Self.acceptedLengths.contains(length) else { return nil }
        let dropped = digits.utf8.prefix(14 - length)
        guard dropped.allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
        return String(digits.suffix(length))
    }

    /// The GS1 mod-10 check digit for a payload of any length (GTIN, SSCC, GLN, GSIN, GRAI).
    ///
    /// The payload must be ASCII digits; callers validate first, so anything else is a programming error.
    public static func checkDigit(of payload: some StringProtocol) -> Character {
        let bytes = Array(payload.utf8)
        precondition(bytes.allSatisfy(\.isASCIIDigit), "check digit payload must be digits: \(payload)")
        return Character(Unicode.Scalar(UInt8(ascii: "0") + GS1CheckDigit.value(of: bytes[...])))
    }

    public var description: String { digits }

    public static func < (lhs: GTIN, rhs: GTIN) -> Bool { lhs.digits < rhs.digits }
}
