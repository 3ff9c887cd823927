import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One raw stream connection (Unix or TCP) for tests of clients that misbehave on purpose: trickle bytes,
/// never read, or hold a connection open.
public final class RawSocket {
    public let fd: Int32

    /// Connects to a Unix socket path.
    public init(unixPath path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = try UnixSocket.address(path)
        try Self.connect(fd, &address)
    }

    /// Connects to 127.0.0.1:`port`.
    public init(loopbackPort port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        try Self.connect(fd, &address)
    }

    private static func connect<Address>(_ fd: Int32, _ address: inout Address) throws {
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        // No close here: a class whose init throws once it is fully initialised is deinitialised, and deinit closes.
        guard result == 0 else { throw TestKitError("connect: \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    /// Sends bytes; false when the peer has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } >= 0
    }

    /// Sends `text` a character at a time, waiting `gap` after each for the peer to close, as a slow-loris client
    /// trickles a request; returns how many characters were sent before the peer closed the connection, and what
    /// it sent meanwhile (an answer before the close means the close may have come from that answer, not a deadline).
    public func trickle(_ text: String, gap: Duration) -> (sent: Int, received: String) {
        var sent = 0, received = ""
        for character in text {
            guard send(String(character)) else { break }
            sent += 1
            let reply = receive(timeout: gap)
            received += reply.text
            if reply.closed { break }
        }
        return (sent, received)
    }

    /// Whatever arrives within `timeout`, and whether the peer closed the connection.
    public func receive(timeout: Duration = .seconds(5)) -> (text: String, closed: Bool) {
        var out: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return (String(decoding: out, as: UTF8.self), true) }
            out += buffer[..<n]
        }
        return (String(decoding: out, as: UTF8.self), false)
    }
}
