import ReturnsCore

/// A configuration the daemon refuses to start with: the line, the key and why.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var path: String?
    public var line: Int
    public var key: String?
    public var reason: String

    public init(path: String? = nil, line: Int, key: String?, reason: String) {
        self.path = path
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        (path.map { "\($0):" } ?? "") + (line > 0 ? "\(line): " : " ") + (key.map { "\($0): " } ?? "") + reason
    }
}
