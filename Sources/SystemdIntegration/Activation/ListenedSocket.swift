import Glibc

/// A passed descriptor that was checked to be a socket, with what kind of socket it is.
public struct ListenedSocket: Sendable, Hashable {
    /// Address family (`SO_DOMAIN`), e.g. `AF_UNIX`.
    public struct Domain: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let unix = Domain(rawValue: AF_UNIX)
        public static let inet = Domain(rawValue: AF_INET)
        public static let inet6 = Domain(rawValue: AF_INET6)
        public var description: String {
            switch self {
            case .unix: "AF_UNIX"
            case .inet: "AF_INET"
            case .inet6: "AF_INET6"
            default: "family \(rawValue)"
            }
        }
    }

    /// Socket type (`SO_TYPE`), e.g. `SOCK_STREAM`.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let stream = Kind(rawValue: Int32(SOCK_STREAM.rawValue))
        public static let datagram = Kind(rawValue: Int32(SOCK_DGRAM.rawValue))
        public static let sequencedPacket = Kind(rawValue: Int32(SOCK_SEQPACKET.rawValue))
        public var description: String {
            switch self {
            case .stream: "SOCK_STREAM"
            case .datagram: "SOCK_DGRAM"
            case .sequencedPacket: "SOCK_SEQPACKET"
            default: "type \(rawValue)"
            }
        }
    }

    public var fileDescriptor: Int32
    public var name: String
    public var domain: Domain
    public var kind: Kind
    /// Whether `listen(2)` was called on it (`SO_ACCEPTCONN`): a `ListenStream=` socket with `Accept=no`.
    public var isListening: Bool

    public init(fileDescriptor: Int32, name: String, domain: Domain, kind: Kind, isListening: Bool) {
        self.fileDescriptor = fileDescriptor
        self.name = name
        self.domain = domain
        self.kind = kind
        self.isListening = isListening
    }
}

extension Array where Element == ListenedSocket {
    /// The socket named `name` (`FileDescriptorName=`), checked to be a listening socket of `domain` and `kind`.
    public func socket(
        named name: String, domain: ListenedSocket.Domain = .unix, kind: ListenedSocket.Kind = .stream
    ) throws(SystemdError) -> ListenedSocket {
        guard let socket = first(where: { $0.name == name }) else {
            throw SystemdError(code: .socketActivation, operation: "find passed socket", detail:
                "no socket named \"\(name)\" among [\(map(\.name).joined(separator: ", "))]",
                remedy: "set FileDescriptorName=\(name) in the .socket unit")
        }
        guard socket.domain == domain, socket.kind == kind, socket.isListening else {
            throw SystemdError(code: .socketActivation, operation: "check passed socket", detail:
                "fd \(socket.fileDescriptor) \"\(name)\" is \(socket.domain) \(socket.kind)"
                    + (socket.isListening ? "" : " not listening") + ", expected a listening \(domain) \(kind)",
                remedy: "use ListenStream= with Accept=no in the .socket unit")
        }
        return socket
    }
}
