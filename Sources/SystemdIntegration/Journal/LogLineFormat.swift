import Glibc
import Logging

/// How log lines look: with a `<N>` priority prefix for journald (which stamps time itself), or with a
/// timestamp and level name for a terminal or a file.
public enum LogLineFormat: Sendable, Hashable {
    case journal
    case plain

    /// The bytes for one event, ending in a newline. A multi-line message keeps one prefix per line, so
    /// journald files every line at the event's priority instead of the stream's default.
    public func render(
        level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
        error: (any Error)? = nil, timestamp: timespec? = nil
    ) -> String {
        var body = label.isEmpty ? message : "\(label): \(message)"
        let fields = LogLineFormat.fields(metadata, error: error)
        if !fields.isEmpty { body += " " + fields }
        let head: String
        switch self {
        case .journal: head = SyslogPriority(level).prefix
        case .plain: head = LogLineFormat.iso8601(timestamp ?? LogLineFormat.now()) + " " + level.rawValue + " "
        }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        switch self {
        case .journal:
            return lines.map { head + $0 }.joined(separator: "\n") + "\n"
        case .plain:
            // Continuation lines are indented so a reader (or grep -A) sees where the event ends.
            return head + lines.joined(separator: "\n    ") + "\n"
        }
    }

    /// `key=value` pairs sorted by key; nested dictionaries flatten to `outer.inner=value`.
    static func fields(_ metadata: Logger.Metadata, error: (any Error)?) -> String {
        var pairs: [(String, String)] = []
        func flatten(_ prefix: String, _ value: Logger.MetadataValue) {
            switch value {
            case .dictionary(let nested):
                for (key, inner) in nested { flatten(prefix + "." + key, inner) }
            default:
                pairs.append((prefix, value.description))
            }
        }
        for (key, value) in metadata { flatten(key, value) }
        pairs.sort { $0.0 < $1.0 }
        if let error { pairs.append(("error", String(describing: error))) }
        return pairs.map { "\($0)=\(quoted($1))" }.joined(separator: " ")
    }

    /// Quotes values a `key=value` reader would split wrongly; escapes quotes, backslashes and newlines.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.isNewline }
        guard needsQuotes else { return value }
        var out = "\""
        for character in value {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    static func now() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now
    }

    /// `2025-11-27T10:04:05.123Z` — UTC, so lines from boxes in different zones sort together.
    static func iso8601(_ time: timespec) -> String {
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let millis = Int32(time.tv_nsec / 1_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))Z"
    }
}
