/// Collects the decimal digits typed on the keypad while Alt is held.
///
/// Codes 0–255 are taken as Latin-1 (the "Alt+0nnn" ANSI reading, which agrees with ASCII for the
/// control characters scanners send, e.g. Alt+0029 → GS); larger codes as Unicode scalars.
struct AltCode: Sendable {
    private var value: UInt32 = 0
    private var digits = 0

    mutating func append(_ digit: UInt32) {
        // Seven digits already exceed Unicode; more can only be garbage, so stop growing.
        guard digits < 7 else { return }
        value = value * 10 + digit
        digits += 1
    }

    /// Once Alt is no longer held, yields the typed character (if any digits came) and starts over.
    mutating func finish(altHeld: Bool) -> Unicode.Scalar? {
        guard !altHeld, digits > 0 else { return nil }
        defer { self = AltCode() }
        return Unicode.Scalar(value)
    }
}
