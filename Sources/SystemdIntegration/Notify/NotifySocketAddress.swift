import Glibc

/// Where `sd_notify` datagrams go: the value of `NOTIFY_SOCKET`, parsed.
///
/// systemd hands out either a filesystem path (`/run/systemd/notify`) or, in containers and for
/// some managers, an abstract-namespace name written with a leading `@`.
public enum NotifySocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// A socket bound in the filesystem; always absolute.
    case path(String)
    /// A socket in Linux's abstract namespace; the name without the leading `@`.
    case abstract(String)

    /// Parses a `NOTIFY_SOCKET` value. Rejects what `sd_notify` rejects: relative paths, names that do not
    /// fit `sun_path`, and transports this module does not speak (`vsock:`).
    public init(parsing value: String) throws(SystemdError) {
        let bytes = Array(value.utf8)
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        func refuse(_ why: String) -> SystemdError {
            SystemdError(code: .notify, operation: "NOTIFY_SOCKET", detail: "NOTIFY_SOCKET=\"\(value)\": \(why)",
                         remedy: "unset NOTIFY_SOCKET, or run the daemon under a service manager that sets it correctly")
        }
        if value.hasPrefix("@") {
            // Abstract names are not NUL-terminated: one leading NUL byte plus the name must fit.
            guard bytes.count >= 2, bytes.count <= capacity else { throw refuse("abstract name empty or too long") }
            self = .abstract(String(value.dropFirst()))
        } else if value.hasPrefix("/") {
            // Paths need their terminating NUL inside sun_path.
            guard bytes.count < capacity else { throw refuse("path longer than \(capacity - 1) bytes") }
            self = .path(value)
        } else {
            throw refuse("neither an absolute path nor an @abstract name")
        }
    }

    public var description: String {
        switch self {
        case .path(let path): path
        case .abstract(let name): "@" + name
        }
    }

    /// Calls `body` with this address as a `sockaddr_un` and its exact length; `nil` when the address
    /// does not fit (possible only for a case built directly rather than parsed).
    func withSocketAddress<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        let bytes: [UInt8]
        let length: Int
        switch self {
        case .path(let path):
            bytes = Array(path.utf8) + [0]
            length = pathOffset + bytes.count
        case .abstract(let name):
            bytes = [0] + Array(name.utf8)
            // The length, not a terminator, ends an abstract name; a trailing NUL would change the name.
            length = pathOffset + bytes.count
        }
        guard bytes.count <= MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(length)) }
        }
    }
}
