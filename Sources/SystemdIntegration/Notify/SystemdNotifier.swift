import Glibc

/// Sends `sd_notify` datagrams to the service manager, without libsystemd.
///
/// When the process was not started by systemd (`NOTIFY_SOCKET` unset) every send is a no-op that
/// returns `false`, so the daemon calls it unconditionally:
///
/// ```swift
/// let notifier = try SystemdNotifier.fromProcessEnvironment(unsetEnvironment: true)
/// try notifier.send(.ready, .status("3 devices, 0 open sessions, 0 unsynced notes"))
/// // SIGHUP:
/// try notifier.send(.reloadingNow(), .status("Reloading configuration"))
/// try notifier.send(.ready, .status("…"))
/// ```
///
/// Each send opens, connects, sends and closes its own datagram socket, as `sd_notify` does: the
/// notifier holds no descriptor, so it is a plain `Sendable` value any task may copy.
public struct SystemdNotifier: Sendable, Hashable {
    /// Where datagrams go; `nil` when not running under a service manager.
    public let address: NotifySocketAddress?

    public init(address: NotifySocketAddress?) {
        self.address = address
    }

    /// Parses `NOTIFY_SOCKET` from `environment`; absent or empty means "not under systemd".
    public static func fromEnvironment(_ environment: [String: String]) throws(SystemdError) -> SystemdNotifier {
        guard let value = environment["NOTIFY_SOCKET"], !value.isEmpty else { return SystemdNotifier(address: nil) }
        return SystemdNotifier(address: try NotifySocketAddress(parsing: value))
    }

    /// Reads `NOTIFY_SOCKET` from this process. With `unsetEnvironment`, removes it afterwards (as
    /// `sd_notify(1, …)` does) so hook commands the daemon runs cannot notify in its name.
    public static func fromProcessEnvironment(unsetEnvironment: Bool = false) throws(SystemdError) -> SystemdNotifier {
        let notifier = try fromEnvironment(ProcessEnvironment.values(["NOTIFY_SOCKET"]))
        if unsetEnvironment { ProcessEnvironment.unset(["NOTIFY_SOCKET"]) }
        return notifier
    }

    /// Whether sends go anywhere.
    public var isActive: Bool { address != nil }

    /// Sends `states` in one datagram. Returns `false` (and does nothing) when not under systemd.
    @discardableResult
    public func send(_ states: NotifyState...) throws(SystemdError) -> Bool {
        try send(states)
    }

    /// Sends `states` in one datagram. Returns `false` (and does nothing) when not under systemd.
    @discardableResult
    public func send(_ states: [NotifyState]) throws(SystemdError) -> Bool {
        guard let address, !states.isEmpty else { return false }
        let text = NotifyState.datagram(states)
        let remedy = "check that NOTIFY_SOCKET=\(address) is the manager's socket and that NotifyAccess= allows this process"
        let fd = try SystemCall.retrying(.notify, "socket(AF_UNIX, SOCK_DGRAM)", remedy: remedy) {
            socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { SystemCall.close(fd) }
        // Connected, so poll(POLLOUT) below reflects the manager's receive queue.
        try SystemCall.retrying(.notify, "connect", detail: "\(address)", remedy: remedy) {
            // An address too long for sun_path is refused like the kernel would refuse it.
            address.withSocketAddress { connect(fd, $0, $1) } ?? { Glibc.errno = ENAMETOOLONG; return -1 }()
        }
        try sendAll(fd, Array(text.utf8), address: address, remedy: remedy)
        return true
    }

    /// One datagram, never blocking longer than two seconds: a busy PID 1 must not stall the scan pipeline,
    /// but a momentarily full queue must not lose `READY=1` either.
    private func sendAll(_ fd: Int32, _ bytes: [UInt8], address: NotifySocketAddress, remedy: String) throws(SystemdError) {
        var waited = false
        while true {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if sent == bytes.count { return }
            let err = Glibc.errno
            if sent == -1 && err == EINTR { continue }
            if sent == -1 && (err == EAGAIN || err == EWOULDBLOCK) && !waited {
                waited = true
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 2_000)
                continue
            }
            throw SystemdError(code: .notify, operation: "send", errno: sent == -1 ? err : EMSGSIZE,
                               detail: "\(address), \(bytes.count) bytes", remedy: remedy)
        }
    }
}
