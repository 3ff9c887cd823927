/// Every problem found in an order file; when there is one, nothing is imported.
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// Line in a CSV file, or record number (from 1) in a JSON file.
        public var line: Int
        public var field: String?
        public var message: String

        public init(line: Int, field: String?, message: String) {
            self.line = line
            self.field = field
            self.message = message
        }

        public var description: String { "line \(line)" + (field.map { ", \($0)" } ?? "") + ": \(message)" }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems }

    public var description: String {
        "\(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was imported:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
