import Glibc

/// Receives the sockets systemd opened for this service (`LISTEN_FDS` protocol), without libsystemd.
///
/// ```swift
/// // First thing in main, before any thread starts (it edits the environment):
/// let passed = try SocketActivation.listenedSockets()
/// if !passed.isEmpty {
///     let supervisor = try passed.socket(named: "supervisor")   // FileDescriptorName=supervisor
///     // serve on supervisor.fileDescriptor
/// }
/// ```
public enum SocketActivation {
    /// Parses this process's variables, checks every passed descriptor, marks it close-on-exec (so hook
    /// commands do not inherit the supervisor socket) and, with `unsetEnvironment`, removes the variables
    /// as `sd_listen_fds(1)` does — also when a check fails, so no child sees half-valid variables.
    public static func listenedSockets(unsetEnvironment: Bool = true) throws(SystemdError) -> [ListenedSocket] {
        defer { if unsetEnvironment { ProcessEnvironment.unset(ListenEnvironment.variableNames) } }
        let passed = try ListenEnvironment.parse(ProcessEnvironment.values(ListenEnvironment.variableNames),
                                                 processID: getpid())
        var sockets: [ListenedSocket] = []
        for descriptor in passed {
            sockets.append(try inspect(descriptor))
        }
        return sockets
    }

    /// Checks that `descriptor` is an open socket, reads its family, type and listening state, and sets
    /// `FD_CLOEXEC` on it.
    public static func inspect(_ descriptor: PassedDescriptor) throws(SystemdError) -> ListenedSocket {
        let fd = descriptor.fileDescriptor
        let detail = "fd \(fd) \"\(descriptor.name)\""
        let remedy = "the manager passed something that is not a socket; check the .socket unit's Listen*= lines"
        var info = stat()
        try SystemCall.retrying(.socketActivation, "fstat", detail: detail, remedy: remedy) { fstat(fd, &info) }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw SystemdError(code: .socketActivation, operation: "fstat", errno: ENOTSOCK, detail: detail, remedy: remedy)
        }
        let kind = try SystemCall.socketOption(fd, SO_TYPE, "SO_TYPE", code: .socketActivation)
        let domain = try SystemCall.socketOption(fd, SO_DOMAIN, "SO_DOMAIN", code: .socketActivation)
        let listening = try SystemCall.socketOption(fd, SO_ACCEPTCONN, "SO_ACCEPTCONN", code: .socketActivation)
        let flags = try SystemCall.retrying(.socketActivation, "fcntl(F_GETFD)", detail: detail) { fcntl(fd, F_GETFD) }
        if flags & FD_CLOEXEC == 0 {
            try SystemCall.retrying(.socketActivation, "fcntl(F_SETFD)", detail: detail) {
                fcntl(fd, F_SETFD, flags | FD_CLOEXEC)
            }
        }
        return ListenedSocket(fileDescriptor: fd, name: descriptor.name, domain: .init(rawValue: domain),
                              kind: .init(rawValue: kind), isListening: listening != 0)
    }
}
