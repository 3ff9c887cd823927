import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import RequestDeadline
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
    let logger: Logger
    /// Called once the socket listens (tests wait for it).
    let onListening: @Sendable () -> Void

    public init(endpoint: Endpoint, api: SupervisorAPI, logger: Logger, onListening: @escaping @Sendable () -> Void = {}) {
        self.endpoint = endpoint
        self.api = api
        self.logger = logger
        self.onListening = onListening
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public func run() async throws {
        let (connections, accepted) = AsyncStream<(Connection, PeerCredentials?)>.makeStream()
        let live = api.runtime.live
        let count = api.runtime.supervisorConnections
        let logger = self.logger
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 16)
            .childChannelInitializer { channel in
                // Limits are read per connection, so a reload changes them for the next one.
                let settings = live.current.supervisor
                return Self.peer(of: channel).flatMapThrowing { peer in
                    let user = peer?.userID ?? uid_t.max
                    if let refusal = count.admit(user, maximum: settings.maxConnections, maximumPerUser: settings.maxConnectionsPerUser) {
                        if let refused = count.refusedShouldLog() {
                            logger.warning("supervisor connections refused", metadata: ["count": "\(refused)", "reason": "\(refusal)"])
                        }
                        try channel.pipeline.syncOperations.addHandler(RefuseWhenActive(refusal))
                        return
                    }
                    channel.closeFuture.whenComplete { _ in count.release(user) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestDeadline<HTTPServerRequestPart, HTTPServerResponsePart>(
                        limit: .seconds(Int64(settings.idleTimeoutSeconds)),
                        isRequestEnd: { if case .end = $0 { true } else { false } },
                        isResponseEnd: { if case .end = $0 { true } else { false } }))
                    accepted.yield((try Connection(wrappingChannelSynchronously: channel), peer))
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
                    for await (connection, peer) in connections {
                        group.addTask { await self.serve(connection, peer: peer) }
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: { stop() }
        } onCancel: { stop() }
        try? await listener.closeFuture.get()
    }

    /// Reads requests on one connection until it closes; one request at a time. The caller's role is decided for
    /// every request from its groups (looked up at connect) and the policy in force, so a reload that takes a
    /// group away takes effect on open connections too.
    func serve(_ connection: Connection, peer: PeerCredentials?) async {
        let (peerName, groups) = await identify(peer)
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                var tooLarge = false
                var limit = 0
                var role = SupervisorRole.denied
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body = []
                        tooLarge = false
                        let settings = api.runtime.live.current
                        // Per request, under the groups in force now: pure, no lookup.
                        role = peer.map { settings.access.role(userID: $0.userID, groupIDs: groups) } ?? .denied
                        limit = SupervisorAPI.bodyLimit(method: h.method.rawValue, uri: h.uri, role: role, configured: settings.supervisor.maxRequestBytes)
                    case .body(let buffer):
                        if body.count + buffer.readableBytes > limit { tooLarge = true } else { body += buffer.readableBytesView }
                    case .end:
                        guard let h = head else { continue }
                        let response: SupervisorResponse = tooLarge
                            ? .failure(SupervisorError(.tooLarge, "request body over \(limit) bytes"))
                            : await api.handle(SupervisorRequest(method: h.method.rawValue, uri: h.uri, body: body), role: role, peerName: peerName)
                        let keepAlive = try await write(response, for: h, to: outbound, channel: connection.channel)
                            && h.isKeepAlive && !tooLarge
                        if !keepAlive {
                            // executeThenClose closes at once, and a close drops writes still queued: a large
                            // answer (a page of long scans) was cut short. Shutting the output down first waits
                            // for every queued byte to reach the socket.
                            try? await connection.channel.close(mode: .output).get()
                            return
                        }
                    }
                }
            }
        } catch {
            logger.debug("supervisor connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Writes a response; returns false when the connection must close (after an event stream).
    func write(_ response: SupervisorResponse, for request: HTTPRequestHead,
               to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, channel: any Channel) async throws -> Bool {
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
            let deadline = Duration.seconds(api.runtime.live.current.supervisor.idleTimeoutSeconds)
            try await EventStreamWriter(outbound: outbound, channel: channel, writeDeadline: deadline).run(stream)
            try await outbound.write(.end(nil))
            return false
        }
    }

    /// The peer as the kernel recorded it at connect (SO_PEERCRED); nil when it cannot be read.
    static func peer(of channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        guard let provider = channel as? any SocketOptionProvider else { return channel.eventLoop.makeSucceededFuture(nil) }
        let value: EventLoopFuture<PeerCredentialValue> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(PeerCredentialValue.optionName))
        return value.map { Optional(PeerCredentials(processID: $0.pid, userID: $0.uid, groupID: $0.gid)) }
            .recover { _ in nil }
    }

    /// `peer`'s name and groups, looked up once per connection and off the cooperative threads: the user database
    /// (NSS: files, LDAP, sssd) may be slow. No groups when they cannot be looked up, which gives no role.
    func identify(_ peer: PeerCredentials?) async -> (name: String, groups: Set<gid_t>) {
        guard let peer else { return ("an unidentified client", []) }
        let logger = logger
        return await withCheckedContinuation { done in
            DispatchQueue.global().async {
                let name = "\(UserName.of(peer.userID)) (uid \(peer.userID))"
                do { done.resume(returning: (name, try peer.groupIDs())) } catch {
                    logger.warning("cannot look up the groups of a supervisor client", metadata: ["uid": "\(peer.userID)", "error": "\(error)"])
                    done.resume(returning: (name, []))
                }
            }
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
