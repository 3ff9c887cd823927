/// The EPC binary encodings this decoder reads, named as in EPC tag URIs.
public enum EPCScheme: String, Sendable, Codable {
    case sgtin96 = "sgtin-96"
    case sgtin198 = "sgtin-198"
    case sscc96 = "sscc-96"

    /// The 8-bit header that starts the encoding (EPC Tag Data Standard, Table 14-1).
    var header: UInt8 {
        switch self {
        case .sgtin96: 0x30
        case .sgtin198: 0x36
        case .sscc96: 0x31
        }
    }

    /// Accepted hex lengths: 96 bits, or 198 bits padded to a byte (50) or a 16-bit word (52).
    var hexLengths: [Int] {
        switch self {
        case .sgtin96, .sscc96: [24]
        case .sgtin198: [50, 52]
        }
    }

    var isSGTIN: Bool { self != .sscc96 }

    init?(header: UInt8) {
        switch header {
        case 0x30: self = .sgtin96
        case 0x36: self = .sgtin198
        case 0x31: self = .sscc96
        default: return nil
        }
    }

    /// Names of the other TDS headers, so that an unsupported tag is reported by what it is.
    static let otherHeaderNames: [UInt8: String] = [
        0x2C: "GDTI-96", 0x2D: "GSRN-96", 0x2E: "GSRNP-96", 0x2F: "USDoD-96", 0x32: "SGLN-96",
        0x33: "GRAI-96", 0x34: "GIAI-96", 0x35: "GID-96", 0x37: "GRAI-170", 0x38: "GIAI-202",
        0x39: "SGLN-195", 0x3A: "GDTI-113", 0x3B: "ADI-var", 0x3C: "CPI-96", 0x3D: "CPI-var",
        0x3E: "GDTI-174", 0x3F: "SGCN-96", 0x40: "ITIP-110", 0x41: "ITIP-212",
    ]
}
