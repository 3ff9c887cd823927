extension GS1AIDefinition {
    /// The AIs this decoder knows, keyed by AI, built once from `source`.
    static let table: [String: GS1AIDefinition] = {
        var table: [String: GS1AIDefinition] = [:]
        for line in source.split(separator: "\n") where !line.isEmpty {
            let (range, spec, title) = parseLine(line)
            for ai in range {
                table[ai] = GS1AIDefinition(ai: ai, title: title, components: spec)
            }
        }
        return table
    }()

    /// Looks up the AI at the start of `digits` (2, 3 or 4 digits; no AI is a prefix of another).
    static func lookUp(prefixOf digits: ArraySlice<UInt8>) -> GS1AIDefinition? {
        for length in 2...4 where digits.count >= length {
            let candidate = digits.prefix(length)
            guard candidate.allSatisfy(\.isASCIIDigit) else { return nil }
            if let definition = table[String(decoding: candidate, as: UTF8.self)] { return definition }
        }
        return nil
    }

    /// The length an AI starting with these two digits would have, to name an unknown AI in errors.
    static func probableLength(ofAIStarting twoDigits: String) -> Int {
        switch twoDigits.first {
        case "0", "1", "2": ["23", "24", "25"].contains(twoDigits) ? 3 : 2
        case "3": ["30", "37"].contains(twoDigits) ? 2 : 4
        case "4": ["40", "41", "42"].contains(twoDigits) ? 3 : 4
        case "7": twoDigits == "71" ? 3 : 4
        case "8": 4
        default: 2
        }
    }

    /// Parses "AI[-AI]  spec...  # title", e.g. "410-417  N13,csum  # GLN".
    private static func parseLine(_ line: Substring) -> ([String], [Component], String) {
        let parts = line.split(separator: "#", maxSplits: 1)
        let fields = parts[0].split(separator: " ")
        let title = parts.count > 1 ? parts[1].trimmingSpaces : ""
        let bounds = fields[0].split(separator: "-").map { String($0) }
        let width = bounds[0].count
        let first = Int(bounds[0])!
        let last = bounds.count > 1 ? Int(bounds[1])! : first
        let ais = (first...last).map { number in
            let digits = String(number)
            return String(repeating: "0", count: width - digits.count) + digits
        }
        return (ais, fields.dropFirst().map(parseComponent), title)
    }

    /// Parses "N13,csum", "X..20", "[N..12]".
    private static func parseComponent(_ text: Substring) -> Component {
        let isOptional = text.hasPrefix("[")
        let parts = text.filter { $0 != "[" && $0 != "]" }.split(separator: ",")
        let format = parts[0]
        let characterSet: CharacterSet =
            switch format.first {
            case "N": .numeric
            case "Y": .cset39
            default: .cset82
            }
        let lengthText = format.dropFirst()
        let isVariable = lengthText.hasPrefix("..")
        let length = Int(lengthText.drop { $0 == "." })!
        return Component(
            characterSet: characterSet, minLength: isVariable ? 1 : length, maxLength: length,
            isOptional: isOptional, checks: parts.dropFirst().map { Check(rawValue: String($0))! })
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
