import Foundation
import Synchronization
import Testing
@testable import StationDaemon

@Suite struct EventHubTests {
    /// The cap on event streams: eight threads released together race for the one place of a fresh hub, 500
    /// times, and every time exactly one gets it. A check of the count followed by a separate subscribe lets
    /// two through within a few rounds.
    @Test func threadsRacingForTheLastPlaceGetExactlyOne() async {
        let rounds = 500, racers = 8
        let winners: [Int] = await withCheckedContinuation { done in
            // Real threads, not tasks: eight at once on two cores means preemption inside subscribe.
            Thread.detachNewThread {
                var winners: [Int] = []
                for _ in 0..<rounds { winners.append(Self.race(racers)) }
                done.resume(returning: winners)
            }
        }
        let wrong = winners.enumerated().filter { $0.element != 1 }
        #expect(wrong.isEmpty, "rounds with other than one winner (round, winners): \(wrong.prefix(10).map { ($0.offset, $0.element) })")
    }

    /// One round: `racers` threads wait at a flag, subscribe with `maximum: 1` the moment it is set; how many won.
    static func race(_ racers: Int) -> Int {
        let hub = EventHub()
        let ready = Atomic<Int>(0), go = Atomic<Bool>(false)
        let streams = Mutex<[AsyncStream<StationEvent>]>([])
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
        let count = streams.withLock { $0.count }
        #expect(hub.subscriberCount == count)
        hub.finish()
        return count
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
