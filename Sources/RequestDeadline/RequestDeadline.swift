import NIOCore

/// Closes a connection whose next request has not arrived in full within `limit` of the connection opening or
/// of the previous answer. Unlike a read timeout, a byte now and then does not extend it (slow-loris).
/// While a request is being answered (including a long event stream) no deadline runs; the event stream has
/// its own write deadline.
///
/// Generic over the request and response part types, so the supervisor socket (NIOHTTP1 parts) and the ledger
/// (Hummingbird's HTTPTypes parts) share it; NIO's IdleStateHandler restarts on every read, which is the hole.
public final class RequestDeadline<RequestPart, ResponsePart>: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = RequestPart
    public typealias InboundOut = RequestPart
    public typealias OutboundIn = ResponsePart
    public typealias OutboundOut = ResponsePart

    private let limit: TimeAmount
    private let isRequestEnd: (RequestPart) -> Bool
    private let isResponseEnd: (ResponsePart) -> Bool
    private var timer: Scheduled<Void>?
    /// Requests received in full and not yet answered (HTTP/1.1 pipelining may queue several).
    private var unanswered = 0
    /// Answers sent before their request had arrived in full (a 401 or 404 after the head): that request's end,
    /// when it comes, must not stop the deadline the answer started.
    private var answeredEarly = 0

    public init(limit: TimeAmount, isRequestEnd: @escaping (RequestPart) -> Bool, isResponseEnd: @escaping (ResponsePart) -> Bool) {
        self.limit = limit
        self.isRequestEnd = isRequestEnd
        self.isResponseEnd = isResponseEnd
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if isRequestEnd(unwrapInboundIn(data)) {
            if answeredEarly > 0 {
                answeredEarly -= 1  // already answered: the deadline for the next request keeps running
            } else {
                unanswered += 1
                timer?.cancel()
                timer = nil
            }
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if isResponseEnd(unwrapOutboundIn(data)) {
            if unanswered > 0 { unanswered -= 1 } else { answeredEarly += 1 }
            if unanswered == 0 { arm(context) }
        }
        context.write(data, promise: promise)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
    }
}

