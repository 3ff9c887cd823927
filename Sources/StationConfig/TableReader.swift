import ReturnsCore

/// Reads typed values out of one TOML table and refuses keys nobody reads (a typo must not be ignored).
struct TableReader {
    let table: TOMLDocument.Table
    private(set) var used: Set<String> = []

    init(_ table: TOMLDocument.Table?, name: String) {
        self.table = table ?? TOMLDocument.Table(name: name, line: 0)
    }

    func key(_ key: String) -> String { table.name.isEmpty ? key : "\(table.name).\(key)" }

    func fail(_ key: String, _ reason: String) -> ConfigError {
        ConfigError(line: table.entries[key]?.line ?? table.line, key: self.key(key), reason: reason)
    }

    mutating func raw(_ key: String) -> TOMLDocument.Entry? {
        used.insert(key)
        return table.entries[key]
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let entry = raw(key) else { return nil }
        guard case .string(let s) = entry.value else { throw fail(key, "expected a string, found \(entry.value.typeName)") }
        return s
    }

    mutating func string(_ key: String, default value: String) throws(ConfigError) -> String {
        try string(key) ?? value
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let entry = raw(key) else { return nil }
        guard case .integer(let n) = entry.value else { throw fail(key, "expected an integer, found \(entry.value.typeName)") }
        guard range.contains(n) else { throw fail(key, "\(n) is outside \(range.lowerBound)...\(range.upperBound)") }
        return n
    }

    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let entry = raw(key) else { return nil }
        let value: Double
        switch entry.value {
        case .integer(let n): value = Double(n)
        case .float(let d): value = d
        default: throw fail(key, "expected a number, found \(entry.value.typeName)")
        }
        guard range.contains(value) else { throw fail(key, "\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    mutating func boolean(_ key: String) throws(ConfigError) -> Bool? {
        guard let entry = raw(key) else { return nil }
        guard case .boolean(let b) = entry.value else { throw fail(key, "expected true or false, found \(entry.value.typeName)") }
        return b
    }

    mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let entry = raw(key) else { return nil }
        guard case .array(let values) = entry.value else { throw fail(key, "expected an array of strings, found \(entry.value.typeName)") }
        var out: [String] = []
        for value in values {
            guard case .string(let s) = value else { throw fail(key, "expected an array of strings, found \(value.typeName) in it") }
            out.append(s)
        }
        return out
    }

    /// One of a fixed set of words.
    mutating func choice<T>(_ key: String, _ choices: [String: T]) throws(ConfigError) -> T? {
        guard let text = try string(key) else { return nil }
        guard let value = choices[text] else { throw fail(key, "'\(text)' is not one of \(choices.keys.sorted().joined(separator: ", "))") }
        return value
    }

    /// Bytes written as hex pairs, e.g. "07" or "1b 5b 31": what a scanner's beep command looks like.
    mutating func hexBytes(_ key: String) throws(ConfigError) -> [UInt8]? {
        guard let text = try string(key) else { return nil }
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0, !digits.isEmpty else { throw fail(key, "expected hex byte pairs like \"07\" or \"1b 5b 31\"") }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { throw fail(key, "'\(digits[index..<next])' is not a hex byte") }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Refuses any key that was not read.
    func finish() throws(ConfigError) {
        for key in table.order where !used.contains(key) {
            throw fail(key, "unknown key (see docs/CONFIGURATION.md)")
        }
    }
}
