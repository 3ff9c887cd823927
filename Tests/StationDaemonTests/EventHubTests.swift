import Testing
@testable import StationDaemon

@Suite struct EventHubTests {
    /// The cap on event streams: 64 subscribers race for 3 places and exactly 3 get one. A check of the count
    /// followed by a separate subscribe would let several through.
    @Test func subscribersRacingForTheLastPlacesGetExactlyTheCap() async {
        let hub = EventHub()
        let streams = await withTaskGroup(of: AsyncStream<StationEvent>?.self) { group in
            for _ in 0..<64 { group.addTask { hub.subscribe(maximum: 3) } }
            var all: [AsyncStream<StationEvent>?] = []
            for await stream in group { all.append(stream) }
            return all
        }
        #expect(streams.compactMap { $0 }.count == 3)
        #expect(hub.subscriberCount == 3)
        hub.finish()
        #expect(hub.subscriberCount == 0)
        #expect(hub.subscribe(maximum: 3) != nil)
    }
}
