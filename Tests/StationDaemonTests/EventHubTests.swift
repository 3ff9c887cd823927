import Foundation
import Synchronization
import Testing
import NIOCore
@testable import StationDaemon

@Suite struct EventHubTests {
    /// A subscriber that goes away while events are published: the stream's termination handler takes the hub's
    /// lock while Swift holds the consumer task's status lock; a publish that yielded under the hub's lock waited for
    /// that task's status lock the other way round, and the whole daemon stopped (found by the supervisor benchmark:
    /// the pipeline's thread hung in publish, a dashboard's stream in cancel). Runs the race on threads for 1.5 s.
    @Test func aSubscriberLeavingWhileEventsArePublishedDeadlocksNothing() {
        let hub = EventHub()
        let stop = Atomic<Bool>(false), churned = Atomic<Int>(0)
        let done = DispatchGroup()
        done.enter()
        Thread.detachNewThread {
            let event = StationEvent(type: "scan", atMillis: 0)
            while !stop.load(ordering: .relaxed) { hub.publish(event) }
            done.leave()
        }
        done.enter()
        Thread.detachNewThread {
            while !stop.load(ordering: .relaxed) {
                guard let stream = hub.subscribe(buffer: 4) else { continue }
                let consumer = Task { for await _ in stream {} }
                usleep(50)  // let it wait in next(), where a cancel runs the termination handler
                consumer.cancel()
                churned.add(1, ordering: .relaxed)
            }
            done.leave()
        }
        Thread.sleep(forTimeInterval: 1.5)
        stop.store(true, ordering: .relaxed)
        #expect(done.wait(timeout: .now() + 10) == .success, "publisher and subscribers deadlocked after \(churned.load(ordering: .relaxed)) subscriptions")
        #expect(churned.load(ordering: .relaxed) > 100)
    }

    /// The cap on event streams: eight threads released together race for the one place of a fresh hub, 500
    /// times, and every time exactly one gets it. A check of the count followed by a separate subscribe lets
    /// two through within a few rounds.
    @Test func threadsRacingForTheLastPlaceGetExactlyOne() async {
        let rounds = 500, racers = 8
        let outcomes: [(winners: Int, subscribers: Int)] = await withCheckedContinuation { done in
            // Real threads, not tasks: eight at once on two cores means preemption inside subscribe.
            Thread.detachNewThread {
                done.resume(returning: (0..<rounds).map { _ in Self.race(racers) })
            }
        }
        let wrong = outcomes.enumerated().filter { $0.element.winners != 1 || $0.element.subscribers != 1 }
        let shown = wrong.prefix(10).map { "round \($0.offset): \($0.element.winners) won, hub counts \($0.element.subscribers)" }
        #expect(wrong.isEmpty, "\(wrong.count) of \(rounds) rounds went wrong: \(shown)")
    }

    /// One round: `racers` threads wait at a flag, subscribe with `maximum: 1` the moment it is set; how many
    /// won, and how many subscribers the hub counted.
    static func race(_ racers: Int) -> (winners: Int, subscribers: Int) {
        let hub = EventHub()
        let ready = Atomic<Int>(0), go = Atomic<Bool>(false)
        let streams = Mutex<[AsyncStream<StreamedEvent>]>([])
        let finished = DispatchGroup()
        for _ in 0..<racers {
            finished.enter()
            Thread.detachNewThread {
                ready.add(1, ordering: .releasing)
                while !go.load(ordering: .acquiring) {}
                if let stream = hub.subscribe(maximum: 1) { streams.withLock { $0.append(stream) } }
                finished.leave()
            }
        }
        while ready.load(ordering: .acquiring) < racers {}
        go.store(true, ordering: .releasing)
        finished.wait()
        let outcome = (winners: streams.withLock { $0.count }, subscribers: hub.subscriberCount)
        hub.finish()
        return outcome
    }

    /// Every stream gets the same frame, encoded once: the event's type, its JSON with sorted keys, a blank line.
    @Test func eachEventIsEncodedOnceAsAServerSentEventForEveryStream() async throws {
        let hub = EventHub()
        let streams = [try #require(hub.subscribe()), try #require(hub.subscribe())]
        let event = StationEvent(type: "scan", seq: 7, device: "gun", outcome: "accepted", atMillis: 1_796_000_000_000)
        hub.publish(event)
        hub.finish()
        var frames: [String] = []
        var handed: [StreamedEvent] = []
        for stream in streams {
            for await streamed in stream {
                #expect(streamed.event == event)
                frames.append(String(buffer: streamed.frame))
                handed.append(streamed)
            }
        }
        let expected = #"event: scan\#ndata: {"atMillis":1796000000000,"device":"gun","outcome":"accepted","seq":7,"type":"scan"}\#n\#n"#
        #expect(frames == [expected, expected])
        #expect(handed.count == 2 && handed[0] === handed[1], "both streams hold the one encoding")
        let storage = handed.map { $0.frame.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } }
        #expect(storage[0] == storage[1], "the frame was encoded once: both buffers share their bytes")
    }

    @Test func aFinishedHubHasRoomAgain() {
        let hub = EventHub()
        let first = hub.subscribe(maximum: 1)
        #expect(first != nil && hub.subscribe(maximum: 1) == nil)
        hub.finish()
        #expect(hub.subscriberCount == 0)
        #expect(hub.subscribe(maximum: 1) != nil)
    }
}
