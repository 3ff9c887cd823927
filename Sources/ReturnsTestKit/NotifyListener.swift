import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The systemd side of `sd_notify`: a datagram socket a test passes as `NOTIFY_SOCKET`, collecting
/// what the daemon reports (READY=1, WATCHDOG=1, STATUS=..., STOPPING=1) in order.
public final class NotifyListener: @unchecked Sendable {
    // @unchecked: the descriptor is fixed at init and read only by the test that owns the listener.
    public let path: String
    private let fd: Int32

    public init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw TestKitError("socket: \(String(cString: strerror(errno)))") }
        try UnixSocket.bind(fd, path: path)
    }

    /// Waits for the next datagram; nil after `timeout`.
    public func receive(timeout: Duration = .seconds(10)) -> [String]? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&pfd, 1, millis) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Waits until a datagram carries `assignment` (e.g. `READY=1`); returns every assignment seen on the way.
    public func waitFor(_ assignment: String, timeout: Duration = .seconds(20)) throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var seen: [String] = []
        while ContinuousClock.now < deadline {
            guard let message = receive(timeout: .milliseconds(200)) else { continue }
            seen += message
            if message.contains(assignment) { return seen }
        }
        throw TestKitError("no \(assignment) within \(timeout); saw \(seen)")
    }

    deinit {
        close(fd)
        unlink(path)
    }
}

/// Binding and listening on Unix socket paths, for tests that play systemd.
public enum UnixSocket {
    static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw TestKitError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes + [0]) }
        return address
    }

    static func bind(_ fd: Int32, path: String) throws {
        var address = try address(path)
        let r = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard r == 0 else { throw TestKitError("bind \(path): \(String(cString: strerror(errno)))") }
    }

    /// A listening stream socket at `path`, as a `.socket` unit would create it; returns the descriptor.
    public static func listening(at path: String) throws -> Int32 {
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestKitError("socket: \(String(cString: strerror(errno)))") }
        try bind(fd, path: path)
        guard listen(fd, 16) == 0 else { throw TestKitError("listen: \(String(cString: strerror(errno)))") }
        return fd
    }
}
