import Glibc

/// Reads and edits this process's environment without Foundation, so the module stays light.
///
/// The parsers in this module take a plain dictionary (testable without touching the process); these
/// helpers are the only place that reads or changes the real environment.
public enum ProcessEnvironment {
    /// The variables whose names are in `names`, as they are now.
    public static func values(_ names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }

    /// Removes `names` from the environment, so child processes (hook commands) do not inherit them.
    ///
    /// `unsetenv` is not safe against concurrent `getenv` in other threads: call this at start-up,
    /// before the service group starts its tasks — the same rule `sd_listen_fds(1)` lives by.
    public static func unset(_ names: [String]) {
        for name in names { unsetenv(name) }
    }

    /// This process's id.
    public static var processID: pid_t { getpid() }
}
