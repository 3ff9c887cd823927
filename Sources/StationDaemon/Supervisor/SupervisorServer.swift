import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import SystemdIntegration

/// HTTP/1.1 + JSON on the supervisor's Unix socket.
///
/// Written on SwiftNIO directly rather than Hummingbird: systemd passes the socket already bound
/// (socket activation), and Hummingbird 2 can only bind addresses itself; NIO's `ServerBootstrap`
/// can adopt a bound descriptor.
public struct SupervisorServer: Service {
    public enum Endpoint: Sendable {
        /// Bind here (removing a stale socket file), mode 0660, group `group` when given (the readers'
        /// group, so they can connect; the daemon then tells readers and supervisors apart itself).
        case path(String, group: gid_t?)
        /// A listening socket passed by systemd (`LISTEN_FDS`).
        case descriptor(Int32)
    }

    let endpoint: Endpoint
    let api: SupervisorAPI
    let access: SupervisorAccessPolicy
    let logger: Logger
    /// Called once the socket listens (tests wait for it).
    let onListening: @Sendable () -> Void

    public init(endpoint: Endpoint, api: SupervisorAPI, access: SupervisorAccessPolicy, logger: Logger,
                onListening: @escaping @Sendable () -> Void = {}) {
        self.endpoint = endpoint
        self.api = api
        self.access = access
        self.logger = logger
        self.onListening = onListening
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public func run() async throws {
        let settings = api.runtime.configuration.supervisor
        let (connections, accepted) = AsyncStream<Connection>.makeStream()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    // A client that stalls is disconnected; scanning never waits for it anyway.
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(settings.idleTimeoutSeconds))), name: "idle")
                    try channel.pipeline.syncOperations.addHandler(CloseOnIdle(), name: "closeOnIdle")
                    accepted.yield(try Connection(wrappingChannelSynchronously: channel))
                }
            }
        let listener: any Channel
        switch endpoint {
        case .path(let path, let group):
            listener = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
            chmod(path, 0o660)
            if let group, chown(path, uid_t.max, group) != 0 {
                logger.warning("cannot give the supervisor socket to its group", metadata: ["path": "\(path)", "errno": "\(errno)"])
            }
        case .descriptor(let fd):
            listener = try await bootstrap.withBoundSocket(fd).get()
        }
        logger.info("supervisor socket listening", metadata: ["endpoint": "\(endpoint)"])
        onListening()
        // Graceful shutdown and cancellation both close the listener and end the accept loop.
        let stop: @Sendable () -> Void = {
            listener.close(promise: nil)
            accepted.finish()
        }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    for await connection in connections {
                        group.addTask { await self.serve(connection, maxBody: settings.maxRequestBytes) }
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: { stop() }
        } onCancel: { stop() }
        try? await listener.closeFuture.get()
    }

    /// Reads requests on one connection until it closes; one request at a time.
    func serve(_ connection: Connection, maxBody: Int) async {
        let (role, peerName) = await identify(connection.channel)
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                var tooLarge = false
                var limit = maxBody
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body = []
                        tooLarge = false
                        limit = SupervisorAPI.bodyLimit(method: h.method.rawValue, uri: h.uri, role: role, configured: maxBody)
                    case .body(let buffer):
                        if body.count + buffer.readableBytes > limit { tooLarge = true } else { body += buffer.readableBytesView }
                    case .end:
                        guard let h = head else { continue }
                        let response: SupervisorResponse = tooLarge
                            ? .failure(SupervisorError(.tooLarge, "request body over \(limit) bytes"))
                            : await api.handle(SupervisorRequest(method: h.method.rawValue, uri: h.uri, body: body), role: role, peerName: peerName)
                        if case .events = response {
                            // An event stream's client only listens: the idle timeout must not end it.
                            try? await connection.channel.pipeline.removeHandler(name: "closeOnIdle").get()
                        }
                        let keepAlive = try await write(response, for: h, to: outbound) && h.isKeepAlive && !tooLarge
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("supervisor connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Writes a response; returns false when the connection must close (after an event stream).
    func write(_ response: SupervisorResponse, for request: HTTPRequestHead,
               to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws -> Bool {
        switch response {
        case .body(let status, let contentType, let bytes):
            var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(bytes.count))])
            headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .init(statusCode: status), headers: headers)))
            if request.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
            try await outbound.write(.end(nil))
            return true
        case .events(let stream):
            let headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"), ("Connection", "close")])
            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .ok, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: ": connected\n\n"))))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for await event in stream {
                let json = String(decoding: try encoder.encode(event), as: UTF8.self)
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "event: \(event.type)\ndata: \(json)\n\n"))))
            }
            try await outbound.write(.end(nil))
            return false
        }
    }

    /// The peer's role and a name for messages, from SO_PEERCRED as the kernel recorded it at connect.
    func identify(_ channel: any Channel) async -> (SupervisorRole, String) {
        guard let provider = channel as? any SocketOptionProvider,
              let cred: PeerCredentialValue = try? await provider.unsafeGetSocketOption(
                  level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(PeerCredentialValue.optionName)).get() else {
            return (.denied, "an unidentified client")
        }
        let peer = PeerCredentials(processID: cred.pid, userID: cred.uid, groupID: cred.gid)
        let name = "\(UserName.of(cred.uid)) (uid \(cred.uid))"
        do {
            return (try access.role(of: peer), name)
        } catch {
            logger.warning("cannot look up the groups of a supervisor client", metadata: ["uid": "\(cred.uid)", "error": "\(error)"])
            return (.denied, name)
        }
    }
}

/// `struct ucred` as the kernel lays it out: Glibc's Swift module hides the C type (it needs _GNU_SOURCE).
struct PeerCredentialValue: Sendable {
    var pid: pid_t = 0
    var uid: uid_t = 0
    var gid: gid_t = 0
    /// SO_PEERCRED on Linux.
    static let optionName: Int32 = 17
}

/// Closes a connection that has been idle past the read timeout.
final class CloseOnIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }
}

/// A user's login name for messages, or the uid when there is none.
enum UserName {
    static func of(_ uid: uid_t) -> String {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &pwd, &buffer, buffer.count, &result) == 0, result != nil, let name = pwd.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }
}
