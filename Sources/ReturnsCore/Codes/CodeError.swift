/// A typed error from decoding an item code, with an extensible code plus what a person needs to fix the cause.
///
/// The `message` is one sentence meant for a supervisor: it names the offending text, the AI and
/// position where relevant, and the expected versus found check digit.
///
/// ```swift
/// do { _ = try GTIN("09506000134353") } catch {
///     error.code == .badCheckDigit   // true
///     error.message                  // "GTIN 09506000134353 has check digit 3, expected 2."
/// }
/// ```
public struct CodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An open set of error codes: other modules may add their own with `init(_:)`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// Empty input, or only an AIM symbology identifier.
        public static let emptyInput = Code("emptyInput")
        /// A GS1 mod-10 check digit does not match its payload.
        public static let badCheckDigit = Code("badCheckDigit")
        /// A GTIN (or UPC-E, EAN add-on packet) has a length that no form allows.
        public static let invalidLength = Code("invalidLength")
        /// A digit was required and something else was found.
        public static let nonDigit = Code("nonDigit")
        /// An Application Identifier that is not in the table.
        public static let unknownAI = Code("unknownAI")
        /// The element string's structure is broken (unclosed bracket, empty value, no AI).
        public static let malformedElementString = Code("malformedElementString")
        /// A non-predefined-length AI of fixed length runs into more data without a GS separator.
        public static let missingSeparator = Code("missingSeparator")
        /// A value is longer than its AI allows.
        public static let valueTooLong = Code("valueTooLong")
        /// A value is shorter than its AI requires (including a string cut short).
        public static let valueTooShort = Code("valueTooShort")
        /// A character outside the AI's character set (CSET 82 or CSET 39) or the EPC serial set.
        public static let invalidCharacter = Code("invalidCharacter")
        /// A YYMMDD date (or HHMM time) that does not exist.
        public static let invalidDate = Code("invalidDate")
        /// An EPC binary header this decoder does not handle.
        public static let unsupportedEPCHeader = Code("unsupportedEPCHeader")
        /// EPC text that is not hexadecimal or not of a tag length.
        public static let invalidHex = Code("invalidHex")
        /// EPC bits that break the Tag Data Standard (partition, field range, padding).
        public static let invalidEPC = Code("invalidEPC")
        /// A UPC-E code that cannot be expanded (number system not 0 or 1, wrong length).
        public static let invalidUPCE = Code("invalidUPCE")
    }

    public let code: Code
    /// One clear sentence for a person: what is wrong and where.
    public let message: String
    /// The Application Identifier concerned, if any.
    public let ai: String?
    /// The offending text, if any.
    public let text: String?

    public init(_ code: Code, _ message: String, ai: String? = nil, text: String? = nil) {
        self.code = code
        self.message = message
        self.ai = ai
        self.text = text
    }

    public var description: String { message }
}
