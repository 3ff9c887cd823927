/// How people write unprintable scan bytes in scripts and on the command line: `<GS>` or `\x1d` for
/// the group separator (FNC1), `<RS>`/`\x1e` and `<EOT>`/`\x04` for ISO 15434 envelopes.
public enum ScanTextEscapes {
    static let tokens: [(String, UInt8)] = [("\\x1d", 0x1D), ("\\x1D", 0x1D), ("<GS>", 0x1D), ("\\x1e", 0x1E),
                                            ("\\x1E", 0x1E), ("<RS>", 0x1E), ("\\x04", 0x04), ("<EOT>", 0x04)]

    public static func unescape(_ text: some StringProtocol) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        outer: while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") || bytes[i] == UInt8(ascii: "\\") {
                for (token, value) in tokens {
                    let t = Array(token.utf8)
                    if i + t.count <= bytes.count && bytes[i..<i + t.count].elementsEqual(t) {
                        out.append(value)
                        i += t.count
                        continue outer
                    }
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// The reverse, for display: control characters as `<GS>` or `\xNN`.
    public static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1D: out += "<GS>"
            case 0x1E: out += "<RS>"
            case 0x04: out += "<EOT>"
            case 0..<0x20, 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" : "") + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
