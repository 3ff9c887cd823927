import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 client over the supervisor's Unix socket: one request per connection.
/// Hand-written because returnsctl must start fast and stay small on the box; `curl --unix-socket`
/// speaks the same protocol.
public struct SupervisorClient: Sendable {
    public let socketPath: String

    public init(socketPath: String) { self.socketPath = socketPath }

    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends one request and reads the whole answer; a status outside 2xx throws `ClientError`.
    public func request(_ method: String, _ path: String, body: [UInt8] = []) throws(ClientError) -> Response {
        let fd = try connect()
        defer { close(fd) }
        try send(fd, "\(method) \(path) HTTP/1.1\r\nHost: returnsd\r\nConnection: close\r\nContent-Length: \(body.count)\r\n\r\n")
        if !body.isEmpty { try send(fd, String(decoding: body, as: UTF8.self)) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue }; throw ClientError(.io, "reading from \(socketPath): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            data += buffer[0..<n]
        }
        return try parse(data)
    }

    /// Streams Server-Sent Events (`GET /v1/events`), calling `onEvent` with each `data:` payload.
    public func events(_ onEvent: (String) -> Void) throws(ClientError) {
        let fd = try connect()
        defer { close(fd) }
        try send(fd, "GET /v1/events HTTP/1.1\r\nHost: returnsd\r\nAccept: text/event-stream\r\n\r\n")
        var pending: [UInt8] = []
        var headerDone = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { if errno == EINTR { continue }; throw ClientError(.io, "reading events: \(String(cString: strerror(errno)))") }
            if n == 0 { return }
            pending += buffer[0..<n]
            if !headerDone {
                guard let end = find([13, 10, 13, 10], in: pending) else { continue }
                let head = String(decoding: pending[..<end], as: UTF8.self)
                let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
                if status != 200 { throw statusError(status, String(decoding: pending[(end + 4)...], as: UTF8.self)) }
                pending.removeSubrange(..<(end + 4))
                headerDone = true
            }
            // The body is chunked; events are separated by blank lines inside it. Pick out `data:` lines.
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                pending.removeSubrange(...newline)
                if line.hasPrefix("data: ") { onEvent(String(line.dropFirst(6))) }
            }
        }
    }

    private func connect() throws(ClientError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(.io, "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw ClientError(.io, "socket path too long: \(socketPath)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes + [0]) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if result != 0 {
            let code = errno
            close(fd)
            switch code {
            case ENOENT, ECONNREFUSED:
                throw ClientError(.notRunning, "returnsd is not running (no one listens on \(socketPath))")
            case EACCES, EPERM:
                throw ClientError(.permissionDenied, "permission denied on \(socketPath): ask for membership of the returnsd-read or returnsd-supervise group")
            default:
                throw ClientError(.io, "connect \(socketPath): \(String(cString: strerror(code)))")
            }
        }
        return fd
    }

    private func send(_ fd: Int32, _ text: String) throws(ClientError) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw ClientError(.io, "writing to \(socketPath): \(String(cString: strerror(errno)))") }
            bytes = bytes.dropFirst(n)
        }
    }

    private func parse(_ data: [UInt8]) throws(ClientError) -> Response {
        guard let end = find([13, 10, 13, 10], in: data) else { throw ClientError(.io, "the daemon sent no complete HTTP response") }
        let head = String(decoding: data[..<end], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = Array(data[(end + 4)...])
        let response = Response(status: status, body: body)
        guard (200..<300).contains(status) else { throw statusError(status, response.text) }
        return response
    }

    private func statusError(_ status: Int, _ body: String) -> ClientError {
        let message = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: [String: String]])?["error"]?["message"] ?? body
        switch status {
        case 403: return ClientError(.permissionDenied, message)
        case 404: return ClientError(.notFound, message)
        case 409: return ClientError(.refused, message)
        default: return ClientError(.io, "HTTP \(status): \(message)")
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<i + needle.count].elementsEqual(needle) { return i }
        return nil
    }
}

/// A failure with its own exit status, so scripts can tell "not running" from "not allowed".
public struct ClientError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Int32, Sendable {
        case io = 1
        case notFound = 3
        case permissionDenied = 4
        case notRunning = 5
        case refused = 6
    }

    public let kind: Kind
    public let message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}
