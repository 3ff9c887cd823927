import Logging

/// The syslog priority journald reads from a `<N>` line prefix (the `SD_*` levels of sd-daemon.h).
public enum SyslogPriority: Int, Sendable, Hashable, CaseIterable {
    case emergency = 0, alert, critical, error, warning, notice, info, debug

    /// swift-log has no emergency or alert: `critical` is its highest level, and `trace` is finer than
    /// anything syslog has, so it shares `debug`.
    public init(_ level: Logger.Level) {
        switch level {
        case .trace, .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }

    /// `<N>`, as sd-daemon.h's `SD_INFO` etc.
    public var prefix: String { "<\(rawValue)>" }
}
