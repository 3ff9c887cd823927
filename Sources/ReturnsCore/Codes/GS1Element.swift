/// One Application Identifier and its value, as carried in a GS1 element string.
public struct GS1Element: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The AI digits, e.g. "01" or "3103".
    public let ai: String
    /// The value as encoded, without separators or brackets.
    public let value: String

    public init(ai: String, value: String) {
        self.ai = ai
        self.value = value
    }

    /// The bracketed human-readable form, e.g. "(01)09506000134352".
    public var description: String { "(\(ai))\(value)" }
}
