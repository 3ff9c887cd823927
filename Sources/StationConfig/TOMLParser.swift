import ReturnsCore

/// Line-oriented parser behind `TOMLDocument`.
struct TOMLParser {
    private let lines: [Substring]
    private var index = 0

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.last == "\r" ? $0.dropLast() : $0 }
    }

    mutating func parse() throws(ConfigError) -> TOMLDocument {
        var document = TOMLDocument()
        document.tables[""] = TOMLDocument.Table(name: "", line: 0)
        var current: (name: String, arrayIndex: Int?) = ("", nil)
        while index < lines.count {
            let lineNumber = index + 1
            let line = stripComment(lines[index]).trimmingSpaces
            index += 1
            if line.isEmpty { continue }
            if line.hasPrefix("[[") {
                guard line.hasSuffix("]]") else { throw ConfigError(line: lineNumber, key: nil, reason: "'[[' without ']]'") }
                let name = try tableName(line.dropFirst(2).dropLast(2), line: lineNumber)
                guard document.tables[name] == nil else {
                    throw ConfigError(line: lineNumber, key: name, reason: "[[\(name)]] was already used as [\(name)]")
                }
                document.arrays[name, default: []].append(TOMLDocument.Table(name: name, line: lineNumber))
                current = (name, document.arrays[name]!.count - 1)
            } else if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw ConfigError(line: lineNumber, key: nil, reason: "'[' without ']'") }
                let name = try tableName(line.dropFirst().dropLast(), line: lineNumber)
                guard document.tables[name] == nil, document.arrays[name] == nil else {
                    throw ConfigError(line: lineNumber, key: name, reason: "table [\(name)] is defined twice")
                }
                document.tables[name] = TOMLDocument.Table(name: name, line: lineNumber)
                current = (name, nil)
            } else {
                guard let equals = line.firstIndex(of: "=") else {
                    throw ConfigError(line: lineNumber, key: nil, reason: "expected 'key = value', a [table] or a comment")
                }
                let key = String(line[..<equals].trimmingSpaces)
                guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                    throw ConfigError(line: lineNumber, key: key, reason: "a key is letters, digits, '_' or '-' (quoted and dotted keys are not supported)")
                }
                var rest = String(line[line.index(after: equals)...].trimmingSpaces)
                // An array may continue over the following lines until its brackets balance.
                while rest.hasPrefix("["), !bracketsBalanced(rest), index < lines.count {
                    rest += " " + stripComment(lines[index]).trimmingSpaces
                    index += 1
                }
                var scanner = ValueScanner(text: Array(rest.unicodeScalars), line: lineNumber, key: key)
                let value = try scanner.value()
                try scanner.end()
                let fullKey = current.name.isEmpty ? key : "\(current.name).\(key)"
                let entry = TOMLDocument.Entry(value: value, line: lineNumber)
                if let arrayIndex = current.arrayIndex {
                    guard document.arrays[current.name]![arrayIndex].entries[key] == nil else {
                        throw ConfigError(line: lineNumber, key: fullKey, reason: "the key is set twice")
                    }
                    document.arrays[current.name]![arrayIndex].entries[key] = entry
                    document.arrays[current.name]![arrayIndex].order.append(key)
                } else {
                    guard document.tables[current.name]!.entries[key] == nil else {
                        throw ConfigError(line: lineNumber, key: fullKey, reason: "the key is set twice")
                    }
                    document.tables[current.name]!.entries[key] = entry
                    document.tables[current.name]!.order.append(key)
                }
            }
        }
        return document
    }

    private func tableName(_ text: Substring, line: Int) throws(ConfigError) -> String {
        let name = String(text.trimmingSpaces)
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !name.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } }) else {
            throw ConfigError(line: line, key: name, reason: "not a table name")
        }
        return name
    }

    /// Calls `body` with every character outside strings, until it returns false. Basic strings ("…") honour
    /// `\"`; literal strings ('…') have no escapes. The one place that knows where strings are, so comments
    /// and brackets are found alike.
    private func forEachOutsideStrings<S: StringProtocol>(_ text: S, _ body: (S.Index, Character) -> Bool) {
        var quote: Character? = nil
        var escaped = false
        for i in text.indices {
            let c = text[i]
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if !body(i, c) {
                return
            }
        }
    }

    /// Drops a `#` comment that is not inside a string.
    private func stripComment(_ line: Substring) -> Substring {
        var end = line.endIndex
        forEachOutsideStrings(line) { i, c in
            if c == "#" { end = i; return false }
            return true
        }
        return line[..<end]
    }

    private func bracketsBalanced(_ text: String) -> Bool {
        var depth = 0
        forEachOutsideStrings(text) { _, c in
            if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
            return true
        }
        return depth == 0
    }
}

/// Reads one value from the right of `=`.
struct ValueScanner {
    let text: [Unicode.Scalar]
    let line: Int
    let key: String
    var i = 0

    init(text: [Unicode.Scalar], line: Int, key: String) {
        self.text = text
        self.line = line
        self.key = key
    }

    func fail(_ reason: String) -> ConfigError { ConfigError(line: line, key: key, reason: reason) }

    mutating func skipSpaces() { while i < text.count, text[i] == " " || text[i] == "\t" { i += 1 } }

    mutating func end() throws(ConfigError) {
        skipSpaces()
        if i < text.count { throw fail("unexpected text after the value: '\(String(String.UnicodeScalarView(text[i...])))'") }
    }

    mutating func value() throws(ConfigError) -> TOMLDocument.Value {
        skipSpaces()
        guard i < text.count else { throw fail("the value is missing") }
        switch text[i] {
        case "\"": return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array()
        case "{": throw fail("inline tables are not supported; use a [table]")
        default: return try bare()
        }
    }

    mutating func basicString() throws(ConfigError) -> String {
        i += 1
        var out = String.UnicodeScalarView()
        while i < text.count {
            let c = text[i]
            i += 1
            if c == "\"" { return String(out) }
            if c == "\\" {
                guard i < text.count else { break }
                let e = text[i]
                i += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\\": out.append("\\")
                case "\"": out.append("\"")
                case "e": out.append(Unicode.Scalar(0x1B))
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    guard i + count <= text.count, let v = UInt32(String(String.UnicodeScalarView(text[i..<i + count])), radix: 16),
                          let scalar = Unicode.Scalar(v) else { throw fail("bad \\\(e) escape") }
                    out.append(scalar)
                    i += count
                default: throw fail("unknown escape \\\(e)")
                }
            } else {
                out.append(c)
            }
        }
        throw fail("the string is not closed on this line")
    }

    mutating func literalString() throws(ConfigError) -> String {
        i += 1
        let start = i
        while i < text.count, text[i] != "'" { i += 1 }
        guard i < text.count else { throw fail("the string is not closed on this line") }
        defer { i += 1 }
        return String(String.UnicodeScalarView(text[start..<i]))
    }

    mutating func array() throws(ConfigError) -> TOMLDocument.Value {
        i += 1
        var values: [TOMLDocument.Value] = []
        while true {
            skipSpaces()
            guard i < text.count else { throw fail("the array is not closed") }
            if text[i] == "]" { i += 1; return .array(values) }
            values.append(try value())
            skipSpaces()
            guard i < text.count else { throw fail("the array is not closed") }
            if text[i] == "," { i += 1 } else if text[i] != "]" { throw fail("expected ',' or ']' in the array") }
        }
    }

    mutating func bare() throws(ConfigError) -> TOMLDocument.Value {
        let start = i
        while i < text.count, text[i] != ",", text[i] != "]", text[i] != " ", text[i] != "\t" { i += 1 }
        let word = String(String.UnicodeScalarView(text[start..<i])).replacingUnderscores
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        if let n = Int(word) { return .integer(n) }
        if word.hasPrefix("0x"), let n = Int(word.dropFirst(2), radix: 16) { return .integer(n) }
        if let d = Double(word), word.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .float(d) }
        throw fail("'\(word)' is not a value: strings need quotes")
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

extension String {
    /// TOML allows `1_000` in numbers.
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
