import Glibc
import SystemdIntegration
import Testing

@Suite struct NotifyStateTests {
    @Test func assignmentsFollowSdNotify() {
        #expect(NotifyState.datagram([.ready, .status("3 devices")]) == "READY=1\nSTATUS=3 devices")
        #expect(NotifyState.reloading(monotonicMicroseconds: 42).assignment == "RELOADING=1\nMONOTONIC_USEC=42")
        #expect(NotifyState.stopping.assignment == "STOPPING=1")
        #expect(NotifyState.watchdog.assignment == "WATCHDOG=1")
        #expect(NotifyState.watchdogTrigger.assignment == "WATCHDOG=trigger")
        #expect(NotifyState.errno(ENOENT).assignment == "ERRNO=2")
        #expect(NotifyState.extendTimeout(microseconds: 5_000_000).assignment == "EXTEND_TIMEOUT_USEC=5000000")
    }

    @Test func statusCannotInjectAnotherAssignment() {
        #expect(NotifyState.status("scanner\nREADY=1").assignment == "STATUS=scanner READY=1")
    }

    @Test func reloadingNowUsesTheMonotonicClock() throws {
        var before = timespec()
        clock_gettime(CLOCK_MONOTONIC, &before)
        guard case .reloading(let usec) = NotifyState.reloadingNow() else {
            Issue.record("not a reloading state")
            return
        }
        let beforeUsec = UInt64(before.tv_sec) * 1_000_000 + UInt64(before.tv_nsec) / 1_000
        #expect(usec >= beforeUsec)
        #expect(usec - beforeUsec < 5_000_000)
    }
}
