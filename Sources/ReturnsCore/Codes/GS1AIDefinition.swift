/// What one GS1 Application Identifier carries: its data components, whether it has a predefined
/// length (and so needs no separator), and its title.
struct GS1AIDefinition: Sendable {
    /// The character set of a component: "N" digits, "X" CSET 82, "Y" CSET 39.
    enum CharacterSet: Sendable { case numeric, cset82, cset39 }

    /// The content checks the GS1 Barcode Syntax Dictionary calls linters, for those this decoder runs.
    enum Check: String, Sendable {
        /// GS1 mod-10 check digit over the component.
        case csum
        /// YYMMDD where day 00 means the month's last day.
        case yymmd0
        /// YYMMDD with a real day.
        case yymmdd
        /// HHMM, 00:00 to 23:59.
        case hhmm
        /// The digit 0 (GRAI's leading filler).
        case zero
    }

    /// One part of an AI's value, e.g. "N13,csum" or "[X..17]".
    struct Component: Sendable {
        let characterSet: CharacterSet
        let minLength: Int
        let maxLength: Int
        let isOptional: Bool
        let checks: [Check]

        var isFixedLength: Bool { minLength == maxLength }
    }

    let ai: String
    let title: String
    let components: [Component]

    /// AIs whose first two digits are in this set have a predefined length and never take a
    /// separator (GS1 General Specifications, Figure 7.8.5-2).
    static let predefinedLengthPrefixes: Set<String> = {
        let prefixes = ["00", "01", "02", "03", "04", "41"] + (11...20).map(String.init) + (31...36).map(String.init)
        return Set(prefixes)
    }()

    var isPredefinedLength: Bool { Self.predefinedLengthPrefixes.contains(String(ai.prefix(2))) }

    /// The value length when every component is mandatory and fixed, else nil.
    var fixedLength: Int? {
        guard components.allSatisfy({ $0.isFixedLength && !$0.isOptional }) else { return nil }
        return components.reduce(0) { $0 + $1.maxLength }
    }

    var maxLength: Int { components.reduce(0) { $0 + $1.maxLength } }
    var minLength: Int { components.reduce(0) { $0 + ($1.isOptional ? 0 : $1.minLength) } }
}
