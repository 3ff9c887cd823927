/// Why a scan could not be read, with the offending text, for the operator's display and the journal.
public struct ScanError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Text that matches no pattern and no item code.
        public static let unknownCode = Code("unknownCode")
        /// A command barcode prefix with an argument that is not allowed.
        public static let badCommand = Code("badCommand")
        /// Longer than any code the station accepts.
        public static let tooLong = Code("tooLong")
        /// Control characters or bytes that are not text.
        public static let notText = Code("notText")
        /// An item code that looks right but fails its own rules (check digit, AI syntax, EPC header).
        public static let badItemCode = Code("badItemCode")
    }

    public let code: Code
    public let message: String
    public let text: String?
    /// The item-code error underneath, when the decoder found one.
    public let itemCodeError: CodeError?

    public init(_ code: Code, _ message: String, text: String?, itemCodeError: CodeError? = nil) {
        self.code = code
        self.message = message
        self.text = text
        self.itemCodeError = itemCodeError
    }

    public var description: String { message }
}
