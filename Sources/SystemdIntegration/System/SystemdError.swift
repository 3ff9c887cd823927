import Glibc

/// A failure talking to systemd or the kernel, with what an administrator needs to act on it.
///
/// ```swift
/// do { let sockets = try SocketActivation.listenedSockets() }
/// catch { logger.critical("\(error)") }   // "socket activation failed: fcntl(F_GETFD) on fd 3: Bad file descriptor (errno 9) — …"
/// ```
public struct SystemdError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an extensible code (new codes do not break callers' `switch`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// `NOTIFY_SOCKET` is set but unusable, or sending a notification failed.
        public static let notify = Code("sd_notify")
        /// `WATCHDOG_USEC` / `WATCHDOG_PID` are malformed.
        public static let watchdog = Code("watchdog configuration")
        /// `LISTEN_PID` / `LISTEN_FDS` / `LISTEN_FDNAMES` are malformed, or a passed descriptor is not what it should be.
        public static let socketActivation = Code("socket activation")
        /// `SO_PEERCRED` or the user/group database lookup failed.
        public static let peerCredentials = Code("peer credentials")
        /// A configured group name does not exist in the group database.
        public static let unknownGroup = Code("unknown group")
    }

    public var code: Code
    /// The failing call or check, e.g. `sendmsg` or `LISTEN_FDS`.
    public var operation: String
    /// `errno` after the call, or `nil` when the failure was not a system call error.
    public var errno: Int32?
    /// The offending value or descriptor, e.g. `LISTEN_FDS="x"` or `fd 3`.
    public var detail: String
    /// What to do about it, in one sentence.
    public var remedy: String

    public init(code: Code, operation: String, errno: Int32? = nil, detail: String = "", remedy: String = "") {
        self.code = code
        self.operation = operation
        self.errno = errno
        self.detail = detail
        self.remedy = remedy
    }

    public var description: String {
        var text = "\(code) failed: \(operation)"
        if !detail.isEmpty { text += " (\(detail))" }
        if let errno { text += ": \(String(cString: strerror(errno))) (errno \(errno))" }
        if !remedy.isEmpty { text += " — \(remedy)" }
        return text
    }
}
