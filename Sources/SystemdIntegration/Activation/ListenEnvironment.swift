import Glibc

/// The socket-activation variables, parsed without touching any descriptor (see sd_listen_fds(3)).
public enum ListenEnvironment {
    /// The first passed descriptor; the rest follow consecutively.
    public static let firstDescriptor: Int32 = 3
    /// The variables the protocol uses, unset after reading so children do not inherit them.
    public static let variableNames = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]

    /// The descriptors passed to `processID`. Empty when nothing was passed or the variables name another
    /// process (they leaked from a parent) — both are normal, as with `sd_listen_fds`. Malformed values throw.
    public static func parse(
        _ environment: [String: String], processID: pid_t
    ) throws(SystemdError) -> [PassedDescriptor] {
        func refuse(_ what: String) -> SystemdError {
            SystemdError(code: .socketActivation, operation: "LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES", errno: EINVAL,
                         detail: what, remedy: "start the daemon through its .socket unit, or unset these variables")
        }
        guard let pidText = environment["LISTEN_PID"] else { return [] }
        guard let pid = pid_t(pidText), pid > 0 else { throw refuse("LISTEN_PID=\"\(pidText)\"") }
        guard pid == processID else { return [] }
        guard let countText = environment["LISTEN_FDS"] else { return [] }
        // The upper bound keeps `3 + count` inside Int32, as sd_listen_fds checks.
        guard let count = Int32(countText), count >= 0, count <= Int32.max - firstDescriptor else {
            throw refuse("LISTEN_FDS=\"\(countText)\"")
        }
        guard count > 0 else { return [] }
        var names = Array(repeating: "unknown", count: Int(count))
        if let namesText = environment["LISTEN_FDNAMES"] {
            let given = namesText.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard given.count == Int(count) else {
                throw refuse("LISTEN_FDNAMES=\"\(namesText)\" has \(given.count) names for LISTEN_FDS=\(count)")
            }
            names = given
        }
        return names.enumerated().map { index, name in
            PassedDescriptor(fileDescriptor: firstDescriptor + Int32(index), name: name)
        }
    }
}
