import Foundation
import Glibc

/// Real sockets for tests: bound Unix sockets in a temporary folder, socketpairs, reads with timeouts.
enum TestSockets {
    /// A fresh folder under /tmp, short enough for `sun_path` (108 bytes).
    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/rs-sd-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSyscallError(errno: errno) }
        return String(cString: made)
    }

    static func socketAddress(_ path: String) -> (sockaddr_un, socklen_t) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8) + [0]
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        return (address, socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count))
    }

    /// A socket of `type` bound at `path`; listening when it is a stream socket.
    static func bound(_ path: String, type: Int32) throws -> Int32 {
        let fd = socket(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSyscallError(errno: errno) }
        var (address, length) = socketAddress(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard rc == 0 else { let e = errno; close(fd); throw TestSyscallError(errno: e) }
        if type == Int32(SOCK_STREAM.rawValue) { guard listen(fd, 16) == 0 else { throw TestSyscallError(errno: errno) } }
        return fd
    }

    /// A datagram socket in the abstract namespace, named `name` (without the `@`).
    static func boundAbstractDatagram(_ name: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSyscallError(errno: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = [UInt8(0)] + Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard rc == 0 else { throw TestSyscallError(errno: errno) }
        return fd
    }

    /// A client connected to the stream socket at `path`.
    static func connected(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSyscallError(errno: errno) }
        var (address, length) = socketAddress(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard rc == 0 else { throw TestSyscallError(errno: errno) }
        return fd
    }

    static func pair(type: Int32 = Int32(SOCK_STREAM.rawValue)) throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else { throw TestSyscallError(errno: errno) }
        return (fds[0], fds[1])
    }

    /// One datagram, or `nil` when none arrives within `timeoutMillis`.
    static func receiveDatagram(_ fd: Int32, timeoutMillis: Int32 = 5_000) -> String? {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, timeoutMillis) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n < 0 ? nil : String(decoding: buffer.prefix(n), as: UTF8.self)
    }

    /// An HTTP request's head: bytes up to the blank line.
    static func readRequestHead(_ fd: Int32, timeoutMillis: Int32 = 20_000) -> String {
        var data: [UInt8] = []
        var byte: UInt8 = 0
        while !data.suffix(4).elementsEqual([13, 10, 13, 10]) {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, timeoutMillis) == 1, read(fd, &byte, 1) == 1 else { break }
            data.append(byte)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything until EOF, giving up after `timeoutMillis` without data.
    static func readToEnd(_ fd: Int32, timeoutMillis: Int32 = 30_000) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, timeoutMillis) == 1 else { break }
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer.prefix(n)
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A system call in test set-up failed.
struct TestSyscallError: Error, CustomStringConvertible {
    var errno: Int32
    var description: String { "\(String(cString: strerror(errno))) (errno \(errno))" }
}
