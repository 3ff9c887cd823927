import Foundation
import NIOCore
import Synchronization

/// Fans station events out to live subscribers (the supervisor's `watch`, Server-Sent Events).
/// A slow subscriber loses its oldest events, never slows the scan pipeline.
public final class EventHub: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<StreamedEvent>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)

    public init() {}

    public func publish(_ event: StationEvent) {
        // Yield outside the lock: a yield may resume the consumer's task, which takes that task's status lock, and a
        // consumer being cancelled holds its status lock while its termination handler waits for this lock. Under
        // the lock the two waited for each other and the pipeline, which publishes, stopped for good. A stream
        // that ends between the copy and the yield just ignores the event.
        let continuations = subscribers.withLock { Array($0.values) }
        guard !continuations.isEmpty else { return }
        // One frame for every stream, encoded by the first stream that writes it (it was encoded once per stream),
        // and not here: publish runs on the pipeline before its scans are acknowledged.
        let streamed = StreamedEvent(event: event)
        for continuation in continuations { continuation.yield(streamed) }
    }

    /// `event: TYPE`, `data: JSON` (sorted keys), a blank line: one Server-Sent Event.
    static func serverSentEventFrame(_ event: StationEvent) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"  // a struct of strings and numbers encodes
        return ByteBuffer(string: "event: \(event.type)\ndata: \(json)\n\n")
    }

    /// A stream of events from now on; it ends when the hub is finished or the consumer stops. Nil when
    /// `maximum` subscriptions are open already: counted and taken under one lock, so two callers racing for
    /// the last one cannot both get it.
    public func subscribe(buffer: Int = 1000, maximum: Int = .max) -> AsyncStream<StreamedEvent>? {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<StreamedEvent>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        let taken = subscribers.withLock { subscribers in
            guard subscribers.count < maximum else { return false }
            subscribers[id] = continuation
            return true
        }
        guard taken else { return nil }
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLock { _ = $0.removeValue(forKey: id) } }
        return stream
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Ends every subscription (shutdown).
    public func finish() {
        let all = subscribers.withLock { s in defer { s.removeAll() }; return Array(s.values) }
        for continuation in all { continuation.finish() }
    }
}

/// An event as the hub hands it to each stream: the event, and its Server-Sent Event frame, encoded once for all
/// streams by whichever writes it first.
public final class StreamedEvent: Sendable {
    public let event: StationEvent
    private let encoded = Mutex<ByteBuffer?>(nil)

    init(event: StationEvent) { self.event = event }

    /// The frame; every stream gets the same buffer (its storage is shared, not copied, by each write).
    public var frame: ByteBuffer {
        encoded.withLock { frame in
            if let frame { return frame }
            let made = EventHub.serverSentEventFrame(event)
            frame = made
            return made
        }
    }
}

/// Something a supervisor watching the station wants to know, as one JSON object.
public struct StationEvent: Sendable, Codable, Equatable {
    public var type: String
    public var seq: Int64?
    public var device: String?
    public var lane: String?
    public var text: String?
    public var outcome: String?
    public var detail: String?
    public var order: String?
    public var session: String?
    public var note: String?
    public var atMillis: Int64

    public init(type: String, seq: Int64? = nil, device: String? = nil, lane: String? = nil, text: String? = nil,
                outcome: String? = nil, detail: String? = nil, order: String? = nil, session: String? = nil,
                note: String? = nil, atMillis: Int64) {
        self.type = type
        self.seq = seq
        self.device = device
        self.lane = lane
        self.text = text
        self.outcome = outcome
        self.detail = detail
        self.order = order
        self.session = session
        self.note = note
        self.atMillis = atMillis
    }

    /// The event for a committed scan.
    public init(receipt: ScanReceipt) {
        self.init(type: "scan", seq: receipt.seq, device: receipt.input.device, lane: receipt.lane,
                  text: ReplayReport.printable(receipt.input.text), outcome: receipt.decision.outcome.rawValue,
                  detail: receipt.decision.detail, order: receipt.decision.orderNumber, session: receipt.decision.sessionID,
                  note: receipt.note?.number, atMillis: receipt.input.wallMillis)
    }
}
