import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Open connections on the supervisor socket, in total and per user: a member of the read group must not be
/// able to take every descriptor the daemon has (each connection is one).
public final class SupervisorConnectionCount: Sendable {
    private struct Counts {
        var total = 0
        var byUser: [uid_t: Int] = [:]
        /// Refusals not yet logged, and when the last log line went out: a flood writes one line a second.
        var unlogged = 0
        var loggedAt: ContinuousClock.Instant?
    }
    private let counts = Mutex(Counts())

    public init() {}

    /// Takes a slot for `user`, or says why not.
    func admit(_ user: uid_t, maximum: Int, maximumPerUser: Int) -> String? {
        counts.withLock { counts in
            if counts.total >= maximum { return "the supervisor socket has \(counts.total) open connections, the most it takes (max_connections)" }
            let mine = counts.byUser[user, default: 0]
            if mine >= maximumPerUser { return "uid \(user) has \(mine) open connections, the most one user may (max_connections_per_user)" }
            counts.total += 1
            counts.byUser[user] = mine + 1
            return nil
        }
    }

    /// Counts a refusal; returns how many to log now (at most once a second), nil to stay quiet.
    func refusedShouldLog() -> Int? {
        counts.withLock { counts in
            counts.unlogged += 1
            let now = ContinuousClock.now
            if let last = counts.loggedAt, now - last < .seconds(1) { return nil }
            defer { counts.unlogged = 0; counts.loggedAt = now }
            return counts.unlogged
        }
    }

    func release(_ user: uid_t) {
        counts.withLock { counts in
            counts.total -= 1
            counts.byUser[user, default: 1] -= 1
            if counts.byUser[user] == 0 { counts.byUser[user] = nil }
        }
    }

    public var open: Int { counts.withLock { $0.total } }
}

/// Answers a connection over a cap with 503 as soon as it is up, without parsing its request, and closes it.
/// HTTP is never set up on such a connection.
final class RefuseWhenActive: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let error: SupervisorError
    private var answered = false

    init(_ message: String) { error = SupervisorError(.unavailable, message) }

    func channelActive(context: ChannelHandlerContext) {
        guard case .body(_, let contentType, let body) = SupervisorResponse.failure(error) else { return }
        var response = ByteBuffer(string: "HTTP/1.1 503 Service Unavailable\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\nRetry-After: 5\r\n\r\n")
        response.writeBytes(body)
        let channel = context.channel
        // Closing with the client's request unread would reset the connection, and the client could lose the 503
        // it has not read yet: shut the output down, and close once the request has been read (and dropped), or
        // after 200 ms at the most.
        context.writeAndFlush(wrapOutboundOut(response)).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: .milliseconds(200)) { channel.close(promise: nil) }
        }
        answered = true
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if answered { context.close(promise: nil) }  // the request is dropped unread
    }
}

/// Writes one `/v1/events` stream: the events, a comment line as heartbeat when nothing happened for a while,
/// and a write deadline. A subscriber that stops reading fills the socket, its write waits, and after
/// `writeDeadline` the connection is closed, so a stalled client cannot hold a descriptor and a subscription
/// for ever. The heartbeat makes a vanished client show up the same way.
struct EventStreamWriter {
    let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    let channel: any Channel
    let writeDeadline: Duration

    private enum Item: Sendable { case event(StreamedEvent), heartbeat }

    /// When the write in progress began, in milliseconds since the stream started; 0 when none is.
    private final class PendingWrite: Sendable {
        private let since = Atomic<Int64>(0)
        var value: Int64 { since.load(ordering: .relaxed) }
        func set(_ value: Int64) { since.store(value, ordering: .relaxed) }
    }

    func run(_ events: AsyncStream<StreamedEvent>) async throws {
        let heartbeat = min(Duration.seconds(15), writeDeadline / 2)
        let (items, feed) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        let writingSince = PendingWrite()
        let started = ContinuousClock.now
        func now() -> Int64 { Int64((ContinuousClock.now - started) / .milliseconds(1)) + 1 }
        let channel = self.channel
        let deadlineMillis = Int64(writeDeadline / .milliseconds(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events { feed.yield(.event(event)) }
                feed.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: heartbeat)
                    feed.yield(.heartbeat)
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(min(1000, max(50, deadlineMillis / 4))))
                    let since = writingSince.value
                    if since != 0 && now() - since > deadlineMillis {
                        try? await channel.close()
                        return
                    }
                }
            }
            defer { group.cancelAll() }
            let heartbeatFrame = ByteBuffer(string: ": heartbeat\n\n")
            for await item in items {
                let frame: ByteBuffer
                switch item {
                case .event(let streamed): frame = streamed.frame
                case .heartbeat: frame = heartbeatFrame
                }
                writingSince.set(now())
                try await outbound.write(.body(.byteBuffer(frame)))
                writingSince.set(0)
            }
        }
    }
}
