/// A pattern for order and RMA numbers: a literal prefix, then a run of allowed characters.
///
/// Written like the regular expression it stands for, `SO-[A-Z0-9-]{1,30}`, but only that shape is
/// accepted: a dock's numbers never need more, and a small matcher cannot surprise anyone.
public struct IdentifierPattern: Hashable, Sendable, CustomStringConvertible {
    public let prefix: String
    public let allowed: Set<Character>
    public let lengths: ClosedRange<Int>
    public let source: String

    public static let defaultOrder = try! IdentifierPattern("SO-[A-Z0-9-]{1,30}")
    public static let defaultRMA = try! IdentifierPattern("RMA-[A-Z0-9-]{1,30}")

    public init(_ pattern: String) throws(PatternError) {
        guard let open = pattern.firstIndex(of: "["), let close = pattern[open...].firstIndex(of: "]"),
              pattern[pattern.index(after: close)...].first == "{", pattern.last == "}" else {
            throw PatternError(pattern: pattern, reason: "expected PREFIX[CHARS]{MIN,MAX}, e.g. SO-[A-Z0-9-]{1,30}")
        }
        prefix = String(pattern[..<open])
        guard !prefix.isEmpty, !prefix.contains(where: { "[]{}".contains($0) }) else {
            throw PatternError(pattern: pattern, reason: "the prefix must be literal text and not empty")
        }
        let classBody = Array(pattern[pattern.index(after: open)..<close])
        var allowed = Set<Character>()
        var i = 0
        while i < classBody.count {
            if i + 2 < classBody.count, classBody[i + 1] == "-",
               let lo = classBody[i].asciiValue, let hi = classBody[i + 2].asciiValue, lo <= hi {
                for v in lo...hi { allowed.insert(Character(Unicode.Scalar(v))) }
                i += 3
            } else {
                allowed.insert(classBody[i])
                i += 1
            }
        }
        guard !allowed.isEmpty else { throw PatternError(pattern: pattern, reason: "the character class is empty") }
        let bounds = pattern[pattern.index(close, offsetBy: 2)..<pattern.index(before: pattern.endIndex)]
            .split(separator: ",", omittingEmptySubsequences: false)
        guard bounds.count == 2, let lo = Int(bounds[0]), let hi = Int(bounds[1]), lo >= 1, lo <= hi, hi <= 64 else {
            throw PatternError(pattern: pattern, reason: "lengths must read {MIN,MAX} with 1 <= MIN <= MAX <= 64")
        }
        self.allowed = allowed
        self.lengths = lo...hi
        self.source = pattern
    }

    public func matches(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let rest = text.dropFirst(prefix.count)
        return lengths.contains(rest.count) && rest.allSatisfy(allowed.contains)
    }

    public var description: String { source }
}

public struct PatternError: Error, Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    public let reason: String
    public var description: String { "bad pattern '\(pattern)': \(reason)" }
}
