import Glibc

/// The service manager's watchdog, from `WATCHDOG_USEC` and `WATCHDOG_PID` (see sd_watchdog_enabled(3)).
///
/// ```swift
/// if let watchdog = try WatchdogConfiguration.fromEnvironment() {
///     // ping every watchdog.pingInterval, but only through a WatchdogGate fed by the scan pipeline
/// }
/// ```
public struct WatchdogConfiguration: Sendable, Hashable {
    /// How long systemd waits for a ping before it kills and restarts the service (`WatchdogSec=`).
    public var timeout: Duration

    public init(timeout: Duration) {
        self.timeout = timeout
    }

    /// How often to ping: half the timeout, as sd_watchdog_enabled(3) advises, so one late ping is not fatal.
    public var pingInterval: Duration { timeout / 2 }

    /// Parses the watchdog variables. `nil` means no watchdog for this process: `WATCHDOG_USEC` unset, or
    /// `WATCHDOG_PID` naming another process (the variables leaked from a parent).
    public static func fromEnvironment(
        _ environment: [String: String], processID: pid_t
    ) throws(SystemdError) -> WatchdogConfiguration? {
        guard let usecText = environment["WATCHDOG_USEC"] else { return nil }
        func refuse(_ what: String) -> SystemdError {
            SystemdError(code: .watchdog, operation: "WATCHDOG_USEC/WATCHDOG_PID", errno: EINVAL, detail: what,
                         remedy: "set WatchdogSec= in the unit rather than these variables by hand")
        }
        // 0 and UINT64_MAX ("infinity") are not timeouts one can ping against.
        guard let usec = UInt64(usecText), usec > 0, usec < UInt64.max else {
            throw refuse("WATCHDOG_USEC=\"\(usecText)\"")
        }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = pid_t(pidText), pid > 0 else { throw refuse("WATCHDOG_PID=\"\(pidText)\"") }
            if pid != processID { return nil }
        }
        return WatchdogConfiguration(timeout: .microseconds(Int64(clamping: usec)))
    }

    /// Reads this process's watchdog variables. With `unsetEnvironment`, removes them afterwards so child
    /// processes do not believe they are watched.
    public static func fromEnvironment(unsetEnvironment: Bool = false) throws(SystemdError) -> WatchdogConfiguration? {
        let names = ["WATCHDOG_USEC", "WATCHDOG_PID"]
        let configuration = try fromEnvironment(ProcessEnvironment.values(names), processID: getpid())
        if unsetEnvironment { ProcessEnvironment.unset(names) }
        return configuration
    }
}
