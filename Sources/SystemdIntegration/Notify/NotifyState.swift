import Glibc

/// One `KEY=VALUE` assignment of the `sd_notify` protocol (see sd_notify(3)).
///
/// Several states go in one datagram, one per line, so they reach systemd atomically:
/// `[.reloading(monotonicMicroseconds: now), .status("Reloading configuration")]`.
public enum NotifyState: Sendable, Hashable {
    /// Start-up is finished (`Type=notify` units are "active" only after this).
    case ready
    /// A one-line, human-readable status shown by `systemctl status`.
    case status(String)
    /// A reload began; systemd ≥ 253 requires `MONOTONIC_USEC` with it to match the reload to this request.
    case reloading(monotonicMicroseconds: UInt64)
    /// Shutdown began.
    case stopping
    /// Keep-alive ping for `WatchdogSec=`.
    case watchdog
    /// Ask systemd to act as if the watchdog had expired, now (the pipeline was seen stuck).
    case watchdogTrigger
    /// Ask for more time for the current start, reload or stop phase.
    case extendTimeout(microseconds: UInt64)
    /// The errno the daemon failed with, shown by `systemctl status`.
    case errno(Int32)

    /// The text of this assignment. Status text is flattened to one line: a newline would let the
    /// text inject another assignment (a device name containing "\nREADY=1").
    public var assignment: String {
        switch self {
        case .ready: "READY=1"
        case .status(let text): "STATUS=" + Self.oneLine(text)
        case .reloading(let usec): "RELOADING=1\nMONOTONIC_USEC=\(usec)"
        case .stopping: "STOPPING=1"
        case .watchdog: "WATCHDOG=1"
        case .watchdogTrigger: "WATCHDOG=trigger"
        case .extendTimeout(let usec): "EXTEND_TIMEOUT_USEC=\(usec)"
        case .errno(let code): "ERRNO=\(code)"
        }
    }

    /// A reload notification stamped with `CLOCK_MONOTONIC` now, as systemd compares it to its own clock.
    public static func reloadingNow() -> NotifyState {
        .reloading(monotonicMicroseconds: monotonicMicroseconds())
    }

    /// The datagram carrying `states`, one assignment per line.
    public static func datagram(_ states: [NotifyState]) -> String {
        states.map(\.assignment).joined(separator: "\n")
    }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
