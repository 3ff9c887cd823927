/// Shows scan bytes so that nothing invisible is lost: control characters by their ASCII names in
/// angle brackets (`<GS>`, the GS1 separator; `<CR>`), bytes that are not UTF-8 as `<xNN>`.
///
/// `<GS>`, `<RS>` and `<EOT>` are the spellings `returnsctl decode` reads back, so a line can be
/// pasted into it. A literal `<` in the data is left as is.
public enum CaptureText {
    private static let names = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
        "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    ]

    public static func visible(_ bytes: [UInt8]) -> String {
        var out = ""
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var index = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                index += encoded.count
                out += name(UTF8.decode(encoded))
            case .error(let length):
                for byte in bytes[index..<(index + length)] { out += "<x\(hex2(byte))>" }
                index += length
            case .emptyInput:
                return out
            }
        }
    }

    private static func name(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0..<0x20: "<\(names[Int(scalar.value)])>"
        case 0x7F: "<DEL>"
        case 0x80..<0xA0: "<U+\(String(scalar.value, radix: 16, uppercase: true))>"
        default: String(scalar)
        }
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
