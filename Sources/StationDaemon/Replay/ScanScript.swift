import ReturnsCore

/// A scan script: one scan per line, `#` starts a comment, `\x1d` or `<GS>` stands for the group
/// separator (FNC1), and `@DEVICE ` at the start says which device read the line (default `scanner`).
public struct ScanScript: Sendable {
    public struct Line: Sendable, Hashable {
        public var number: Int
        public var device: String
        public var bytes: [UInt8]
    }

    public static let defaultDevice = "scanner"
    public var lines: [Line]

    public init(_ text: String) throws(ScanScriptError) {
        var lines: [Line] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            if let hash = ScanScript.commentStart(line) { line = line[..<hash] }
            line = line.drop { $0 == " " || $0 == "\t" }
            while line.last == " " || line.last == "\t" { line = line.dropLast() }
            guard !line.isEmpty else { continue }
            var device = ScanScript.defaultDevice
            if line.first == "@" {
                guard let space = line.firstIndex(of: " ") else {
                    throw ScanScriptError(line: index + 1, message: "'\(line)' names a device but no scan; write '@DEVICE TEXT'")
                }
                device = String(line[line.index(after: line.startIndex)..<space])
                line = line[line.index(after: space)...].drop { $0 == " " }
                guard !device.isEmpty, !line.isEmpty else {
                    throw ScanScriptError(line: index + 1, message: "a line starting with @ needs a device name and a scan")
                }
            }
            lines.append(Line(number: index + 1, device: device, bytes: ScanScript.unescape(line)))
        }
        self.lines = lines
    }

    /// `#` at the start or after white space; a `#` inside a scan (never in GS1 data) stays.
    static func commentStart(_ line: Substring) -> Substring.Index? {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#" && (previous == " " || previous == "\t") { return index }
            previous = line[index]
        }
        return nil
    }

    static func unescape(_ text: Substring) -> [UInt8] { ScanTextEscapes.unescape(text) }
}

public struct ScanScriptError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "scan script line \(line): \(message)" }
}
