/// A device selection rule the configuration should not contain.
public struct SelectionRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// No vendor, product, name pattern or property: it would take every node of its subsystem.
        public static let noCriteria = Code("rule has no criteria")
        /// Two rules share a name, so logs could not tell which one matched.
        public static let duplicateName = Code("duplicate rule name")
    }

    public var code: Code
    /// Position of the rule in the configured list, from 0.
    public var index: Int
    public var rule: String

    public init(code: Code, index: Int, rule: String) {
        self.code = code
        self.index = index
        self.rule = rule
    }

    public var description: String {
        "device rule #\(index) \"\(rule)\": \(code); give vendor_id, product_id, name or properties"
    }
}
