/// An amount in integer minor units of one currency: money never passes through floating point.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Digits after the decimal point (ISO 4217 minor unit); 2 unless listed.
    public static func exponent(of currency: String) -> Int {
        switch currency {
        case "JPY", "KRW", "VND", "CLP", "ISK", "HUF": return currency == "HUF" ? 2 : 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD": return 3
        default: return 2
        }
    }

    /// Parses a decimal string such as `19.99` or `5` for the given currency.
    /// More fraction digits than the currency has is an error, never silently rounded.
    public init(decimal text: some StringProtocol, currency: String) throws(MoneyError) {
        let exponent = Money.exponent(of: currency)
        var body = Substring(text)
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
              parts.count == 1 || !fraction.isEmpty else {
            throw MoneyError(text: String(text), reason: "not a decimal amount")
        }
        guard fraction.count <= exponent else {
            throw MoneyError(text: String(text), reason: "\(currency) has \(exponent) decimal places")
        }
        let padded = String(fraction) + String(repeating: "0", count: exponent - fraction.count)
        guard whole.count <= 15, let w = Int64(whole), let f = Int64(padded.isEmpty ? "0" : padded) else {
            throw MoneyError(text: String(text), reason: "amount too large")
        }
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        self.init(minorUnits: (w * scale + f) * (negative ? -1 : 1), currency: currency)
    }

    /// The amount as a decimal string, e.g. `19.99`.
    public var decimalString: String {
        let exponent = Money.exponent(of: currency)
        let magnitude = minorUnits.magnitude
        guard exponent > 0 else { return (minorUnits < 0 ? "-" : "") + String(magnitude) }
        var scale: UInt64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let fraction = String(magnitude % scale)
        return (minorUnits < 0 ? "-" : "") + "\(magnitude / scale)."
            + String(repeating: "0", count: exponent - fraction.count) + fraction
    }

    public var description: String { "\(decimalString) \(currency)" }
}

public struct MoneyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid amount '\(text)': \(reason)" }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
