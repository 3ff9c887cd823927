/// A wire value that does not convert to a core value (a GTIN or date that does not parse).
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
