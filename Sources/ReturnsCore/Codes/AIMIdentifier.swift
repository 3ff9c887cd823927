/// An AIM symbology identifier ("]" + code character + modifier) that a scanner may prefix to
/// its data, telling which barcode was read and whether it carries GS1 data.
///
/// ```swift
/// let (aim, rest) = AIMIdentifier.split("]C1010950600013435217201225")
/// aim?.isGS1   // true
/// rest         // "010950600013435217201225"
/// ```
public struct AIMIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The symbology: "C" Code 128, "d" Data Matrix, "Q" QR Code, "e" GS1 DataBar, "E" EAN/UPC, "J" DotCode.
    public let code: Character
    /// The symbology's option flag, e.g. "1" for FNC1 in first position in Code 128.
    public let modifier: Character

    public init(code: Character, modifier: Character) {
        self.code = code
        self.modifier = modifier
    }

    /// True for the identifiers under which GS1 element strings are sent (FNC1 in first position):
    /// ]C1 GS1-128, ]e0 GS1 DataBar, ]d2 GS1 DataMatrix, ]Q3 GS1 QR Code, ]J1 GS1 DotCode.
    public var isGS1: Bool {
        switch (code, modifier) {
        case ("C", "1"), ("e", "0"), ("d", "2"), ("Q", "3"), ("J", "1"): true
        default: false
        }
    }

    /// True for EAN/UPC: ]E0 EAN-13/UPC-A/UPC-E, ]E3 with add-on, ]E4 EAN-8.
    public var isEANUPC: Bool { code == "E" }

    public var description: String { "]\(code)\(modifier)" }

    /// Splits a leading "]Xm" off `text`; returns nil and the whole text when there is none.
    public static func split(_ text: String) -> (AIMIdentifier?, String) {
        let utf8 = text.utf8
        guard utf8.count >= 3, utf8.first == UInt8(ascii: "]") else { return (nil, text) }
        let code = utf8[utf8.index(utf8.startIndex, offsetBy: 1)]
        let modifier = utf8[utf8.index(utf8.startIndex, offsetBy: 2)]
        // Code is a letter; modifier is a digit or capital letter (AIM ISS); anything else is data.
        guard code.isASCIILetter, modifier.isASCIIDigit || modifier.isASCIILetter else { return (nil, text) }
        let aim = AIMIdentifier(
            code: Character(Unicode.Scalar(code)), modifier: Character(Unicode.Scalar(modifier)))
        return (aim, String(decoding: utf8.dropFirst(3), as: UTF8.self))
    }
}
