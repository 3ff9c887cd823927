/// An RFID tag's EPC, decoded from the hex an RFID reader reports.
///
/// ```swift
/// let tag = try EPCTag.decode(hex: "3074257BF7194E4000001A85")
/// tag.uri            // "urn:epc:id:sgtin:0614141.812345.6789"
/// tag.gtin?.digits   // "80614141123458"
/// ```
public struct EPCTag: Hashable, Sendable {
    public let scheme: EPCScheme
    /// The filter value (0...7) readers select on; 1 = point-of-sale item, 2 = full case, 3 = reserved…
    public let filter: Int
    /// The GS1 Company Prefix, 6 to 12 digits as the partition says.
    public let companyPrefix: String
    /// SGTIN: indicator digit + item reference, as in the pure identity URI. SSCC: extension digit + serial reference.
    public let itemReference: String
    /// SGTIN serial (decimal for SGTIN-96, up to 20 characters for SGTIN-198); empty for SSCC.
    public let serial: String

    public init(scheme: EPCScheme, filter: Int, companyPrefix: String, itemReference: String, serial: String) {
        self.scheme = scheme
        self.filter = filter
        self.companyPrefix = companyPrefix
        self.itemReference = itemReference
        self.serial = serial
    }

    /// The pure identity URI, e.g. "urn:epc:id:sgtin:0614141.812345.6789" or "urn:epc:id:sscc:0614141.1234567890".
    public var uri: String {
        scheme.isSGTIN
            ? "urn:epc:id:sgtin:\(companyPrefix).\(itemReference).\(Self.uriEscaped(serial))"
            : "urn:epc:id:sscc:\(companyPrefix).\(itemReference)"
    }

    /// The tag URI, which adds scheme and filter: "urn:epc:tag:sgtin-96:3.0614141.812345.6789".
    public var tagURI: String {
        let serialPart = scheme.isSGTIN ? ".\(Self.uriEscaped(serial))" : ""
        return "urn:epc:tag:\(scheme.rawValue):\(filter).\(companyPrefix).\(itemReference)\(serialPart)"
    }

    /// The GTIN-14 of an SGTIN: indicator + company prefix + item reference + check digit.
    public var gtin: GTIN? {
        guard scheme.isSGTIN else { return nil }
        let payload = String(itemReference.prefix(1)) + companyPrefix + String(itemReference.dropFirst())
        return GTIN(trusted: payload + String(GTIN.checkDigit(of: payload)))
    }

    /// The 18-digit SSCC of an SSCC-96: extension digit + company prefix + serial reference + check digit.
    public var sscc: String? {
        guard scheme == .sscc96 else { return nil }
        let payload = String(itemReference.prefix(1)) + companyPrefix + String(itemReference.dropFirst())
        return payload + String(GTIN.checkDigit(of: payload))
    }

    /// The GS1 elements the tag stands for: (01) and (21) for an SGTIN, (00) for an SSCC.
    public var elements: [GS1Element] {
        if let gtin { return [GS1Element(ai: "01", value: gtin.digits), GS1Element(ai: "21", value: serial)] }
        return sscc.map { [GS1Element(ai: "00", value: $0)] } ?? []
    }

    /// Percent-escapes the characters the TDS reserves in URIs (", %, &, /, <, >, ?).
    static func uriEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "%", "&", "/", "<", ">", "?":
                result += "%" + String(scalar.value, radix: 16, uppercase: true)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
