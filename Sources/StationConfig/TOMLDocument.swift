import ReturnsCore

/// The subset of TOML a station's configuration needs, parsed with the line of every key kept, so a
/// bad value is reported as "line 12, device.baud: ...". Supported: comments, `[table]`, `[a.b]`,
/// `[[array]]`, `key = value` with basic and literal strings, integers, floats, booleans, and arrays of
/// those (over several lines too). Anything else is refused with its line, never guessed.
public struct TOMLDocument: Sendable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case array([Value])

        public var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .float: "a number"
            case .boolean: "true or false"
            case .array: "an array"
            }
        }
    }

    public struct Entry: Sendable {
        public var value: Value
        public var line: Int
    }

    /// A table: its keys with their lines. `[[device]]` gives one table per occurrence.
    public struct Table: Sendable {
        public var name: String
        public var line: Int
        public var entries: [String: Entry] = [:]
        public var order: [String] = []
    }

    /// Top-level keys are in the table named "".
    public var tables: [String: Table] = [:]
    public var arrays: [String: [Table]] = [:]

    public init(parsing text: String) throws(ConfigError) {
        var parser = TOMLParser(text: text)
        self = try parser.parse()
    }

    init() {}
}
