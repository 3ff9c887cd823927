import LedgerProtocol

/// Parsers for the command line's compact values, here rather than in the executable so they are tested.
public enum CommandLineValues {
    /// `LINE:QUANTITY`, e.g. `3:1` → line 3, one unit.
    public static func rmaLine(_ text: String) throws(LedgerError) -> RMALineRequest {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let line = Int(parts[0]), let quantity = Int(parts[1]), line > 0, quantity > 0 else {
            throw LedgerError(.configuration, "'\(text)' is not LINE:QUANTITY such as 1:2")
        }
        return RMALineRequest(orderLine: line, quantity: quantity)
    }

    /// Whole days: `14d`, `2w` or a bare `14`.
    public static func days(_ text: String) throws(LedgerError) -> Int {
        let lower = text.lowercased()
        let (digits, factor) = lower.hasSuffix("w") ? (lower.dropLast(), 7) : lower.hasSuffix("d") ? (lower.dropLast(), 1) : (lower[...], 1)
        guard let value = Int(digits), value > 0 else { throw LedgerError(.configuration, "'\(text)' is not a number of days such as 14d or 2w") }
        return value * factor
    }
}
