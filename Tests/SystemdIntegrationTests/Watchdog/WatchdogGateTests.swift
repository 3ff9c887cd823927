import SystemdIntegration
import Testing

/// The gate is pure: instants are built from one base instant, no clock is read and nothing sleeps.
@Suite struct WatchdogGateTests {
    let t0 = ContinuousClock.now
    func at(_ seconds: Double) -> ContinuousClock.Instant { t0.advanced(by: .seconds(seconds)) }

    @Test func noPingBeforeTheFirstHeartbeat() {
        var gate = WatchdogGate<ContinuousClock.Instant>(pingInterval: .seconds(15))
        #expect(gate.decide(at: at(0)) == .withhold(heartbeatAge: nil))
    }

    @Test func aLivePipelineIsPingedEveryInterval() {
        var gate = WatchdogGate<ContinuousClock.Instant>(configuration: WatchdogConfiguration(timeout: .seconds(30)))
        gate.recordHeartbeat(at: at(0))
        #expect(gate.decide(at: at(0.1)) == .ping)
        gate.recordHeartbeat(at: at(5))
        #expect(gate.decide(at: at(5)) == .wait)   // asked again on a heartbeat: too soon after the last ping
        gate.recordHeartbeat(at: at(14))
        #expect(gate.decide(at: at(14.9)) == .ping) // a timer firing slightly early still pings
    }

    @Test func aStuckPipelineStopsThePingsWithinOneInterval() {
        var gate = WatchdogGate<ContinuousClock.Instant>(pingInterval: .seconds(15))
        gate.recordHeartbeat(at: at(0))
        #expect(gate.decide(at: at(0.5)) == .ping)
        // The pipeline wedges after t=0: the ping at 15 s is still covered, the one at 25 s is not.
        #expect(gate.decide(at: at(15)) == .ping)
        #expect(gate.decide(at: at(25)) == .withhold(heartbeatAge: .seconds(25)))
        // Once the pipeline beats again, pings resume at once.
        gate.recordHeartbeat(at: at(26))
        #expect(gate.decide(at: at(26)) == .ping)
    }

    @Test func olderHeartbeatsDoNotMoveTimeBackwards() {
        var gate = WatchdogGate<ContinuousClock.Instant>(pingInterval: .seconds(15))
        gate.recordHeartbeat(at: at(10))
        gate.recordHeartbeat(at: at(3))
        #expect(gate.lastHeartbeat == at(10))
    }
}
