/// Counts what a capture held and says whether a technician should be worried, for the exit status
/// of `returnsctl decode-evdev` / `decode-hidpos`.
public struct CaptureSummary: Sendable, Hashable {
    public var scans = 0
    public var dropped = 0
    public var truncatedBytes = 0
    public var unreadable: [String] = []
    /// What the truncated entry says, e.g. "the capture ends 14 bytes into a 24-byte input_event record".
    public var truncation: String?

    public init(_ entries: [CaptureEntry]) {
        for entry in entries {
            switch entry.kind {
            case .scan: scans += 1
            case .dropped: dropped += 1
            case .truncated:
                truncatedBytes += entry.bytes.count
                truncation = entry.note
            case .unreadable: unreadable.append(entry.note ?? "unreadable bytes")
            }
        }
    }

    /// Exit status: 0 when scans were found in a whole capture; 1 when nothing valid was found;
    /// 2 when scans were found but the capture is cut off (the last scan may be missing).
    public var exitStatus: Int32 {
        if scans == 0 || !unreadable.isEmpty { return 1 }
        return truncatedBytes > 0 ? 2 : 0
    }

    /// What went wrong, one sentence per problem; empty when ``exitStatus`` is 0.
    public var problems: [String] {
        var lines = unreadable
        if scans == 0 {
            lines.append(dropped > 0
                ? "no complete scan found (\(dropped) partial scans dropped): check the terminator and the keyboard layout"
                : "no scan found in the capture")
        }
        if truncatedBytes > 0 {
            lines.append("the capture is truncated: " + (truncation ?? "\(truncatedBytes) trailing bytes left over"))
        }
        return lines
    }

    /// One line, e.g. `3 scans, 1 dropped`.
    public var line: String {
        "\(scans) scan\(scans == 1 ? "" : "s"), \(dropped) dropped" + (truncatedBytes > 0 ? ", \(truncatedBytes) bytes truncated" : "")
    }
}
