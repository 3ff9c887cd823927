import Testing
import ScannerInput

@Suite("Reader supervision")
struct ReaderSupervisorTests {
    let ms: UInt64 = 1_000_000
    let s: UInt64 = 1_000_000_000
    struct ReadFailed: Error { var errno: Int32 = 19 }

    func make() -> ReaderSupervisor {
        ReaderSupervisor(
            selector: DeviceFixtures.selector,
            backoff: ReaderBackoff(initial: .milliseconds(500), maximum: .seconds(8), healthyAfter: .seconds(60)))
    }

    @Test func selectedDeviceStartsUnselectedIsIgnored() {
        var supervisor = make()
        let wedge = DeviceFixtures.honeywellWedge()
        #expect(supervisor.handle(.appeared(wedge), now: 0) == [.start(wedge, .keyboardWedge)])
        let console = DiscoveredDevice(subsystem: .tty, devnode: "/dev/ttyS0", syspath: "/sys/devices/pnp0/tty/ttyS0", name: "ttyS0")
        #expect(supervisor.handle(.appeared(console), now: 0).isEmpty)
        // A second add (enumeration racing the monitor) of the same node changes nothing.
        #expect(supervisor.handle(.appeared(wedge), now: 5 * ms).isEmpty)
        #expect(supervisor.readers.count == 1)
    }

    @Test func repeatedFailuresBackOffExponentiallyUpToTheCap() {
        var supervisor = make()
        let wedge = DeviceFixtures.honeywellWedge()
        let id = wedge.identity
        _ = supervisor.handle(.appeared(wedge), now: 0)
        var now: UInt64 = 0
        var delays: [UInt64] = []
        for _ in 0..<7 {
            now += 10 * ms  // fails soon after each start
            guard case .retry(let failedID, let at) = supervisor.handle(.readerFailed(id, error: ReadFailed()), now: now).first else {
                Issue.record("no retry"); return
            }
            #expect(failedID == id)
            #expect(supervisor.nextDeadline == at)
            delays.append(at - now)
            // Nothing restarts before the deadline, exactly one start at it.
            #expect(supervisor.handle(.tick, now: at - 1).isEmpty)
            #expect(supervisor.handle(.tick, now: at) == [.start(wedge, .keyboardWedge)])
            now = at
        }
        #expect(delays == [500 * ms, 1 * s, 2 * s, 4 * s, 8 * s, 8 * s, 8 * s])
        #expect(supervisor.readers[id]?.consecutiveFailures == 7)
        #expect(supervisor.readers[id]?.lastError?.contains("ReadFailed") == true)
    }

    @Test func backoffResetsAfterTheReaderRanHealthy() {
        var supervisor = make()
        let wedge = DeviceFixtures.honeywellWedge()
        _ = supervisor.handle(.appeared(wedge), now: 0)
        _ = supervisor.handle(.readerFailed(wedge.identity, error: ReadFailed()), now: 1 * ms)
        _ = supervisor.handle(.tick, now: 501 * ms)
        _ = supervisor.handle(.readerFailed(wedge.identity, error: ReadFailed()), now: 502 * ms)
        _ = supervisor.handle(.tick, now: 2 * s)
        // Ran for two minutes this time: the next failure starts the backoff from the beginning.
        let actions = supervisor.handle(.readerFailed(wedge.identity, error: ReadFailed()), now: 122 * s)
        #expect(actions == [.retry(wedge.identity, at: 122 * s + 500 * ms)])
        #expect(supervisor.readers[wedge.identity]?.consecutiveFailures == 1)
    }

    @Test func replugKeepsIdentityAndRestarts() {
        var supervisor = make()
        let first = DeviceFixtures.honeywellWedge(syspathPort: "1-2", event: 3)
        _ = supervisor.handle(.appeared(first), now: 0)
        // The reader notices first (read fails with ENODEV), then udev's remove arrives.
        _ = supervisor.handle(.readerFailed(first.identity, error: ReadFailed()), now: 1 * s)
        #expect(supervisor.handle(.disappeared(syspath: first.syspath), now: 1 * s + 1).isEmpty)
        #expect(supervisor.readers.isEmpty)
        #expect(supervisor.nextDeadline == nil)
        // Plugged into another port: new node, new syspath, same identity, started at once.
        let again = DeviceFixtures.honeywellWedge(syspathPort: "1-4", event: 8)
        #expect(supervisor.handle(.appeared(again), now: 3 * s) == [.start(again, .keyboardWedge)])
        #expect(supervisor.readers[first.identity]?.device.devnode == "/dev/input/event8")
    }

    @Test func removalOfARunningReaderStopsIt() {
        var supervisor = make()
        let rfid = DeviceFixtures.rfidReader()
        _ = supervisor.handle(.appeared(rfid), now: 0)
        #expect(supervisor.handle(.disappeared(syspath: rfid.syspath), now: 1) == [.stop(rfid.identity)])
        #expect(supervisor.handle(.disappeared(syspath: rfid.syspath), now: 2).isEmpty)
    }

    @Test func removalDuringBackoffCancelsTheRetry() {
        var supervisor = make()
        let rfid = DeviceFixtures.rfidReader()
        _ = supervisor.handle(.appeared(rfid), now: 0)
        _ = supervisor.handle(.readerFailed(rfid.identity, error: ReadFailed()), now: 1 * ms)
        #expect(supervisor.nextDeadline == 501 * ms)
        // Not running, so nothing to stop; and the due time passes without a start.
        #expect(supervisor.handle(.disappeared(syspath: rfid.syspath), now: 100 * ms).isEmpty)
        #expect(supervisor.nextDeadline == nil)
        #expect(supervisor.handle(.tick, now: 10 * s).isEmpty)
    }

    @Test func staleFailureAfterStopIsIgnored() {
        var supervisor = make()
        let rfid = DeviceFixtures.rfidReader()
        _ = supervisor.handle(.appeared(rfid), now: 0)
        _ = supervisor.handle(.readerFailed(rfid.identity, error: ReadFailed()), now: 1)
        // A second report for the same failure (or one after removal) changes nothing.
        #expect(supervisor.handle(.readerFailed(rfid.identity, error: ReadFailed()), now: 2).isEmpty)
        _ = supervisor.handle(.disappeared(syspath: rfid.syspath), now: 3)
        #expect(supervisor.handle(.readerFailed(rfid.identity, error: ReadFailed()), now: 4).isEmpty)
    }

    @Test func twoUnitsWithTheSameSerialConflictAndTheSecondTakesOver() {
        var supervisor = make()
        let a = DeviceFixtures.honeywellWedge(syspathPort: "1-2", event: 3)
        let b = DeviceFixtures.honeywellWedge(syspathPort: "1-4", event: 5)
        #expect(a.identity == b.identity)
        _ = supervisor.handle(.appeared(a), now: 0)
        #expect(supervisor.handle(.appeared(b), now: 1) == [.conflict(b, with: a.identity)])
        #expect(supervisor.handle(.appeared(b), now: 2).isEmpty)
        #expect(supervisor.handle(.disappeared(syspath: a.syspath), now: 3) == [.stop(a.identity), .start(b, .keyboardWedge)])
        #expect(supervisor.readers[a.identity]?.device.syspath == b.syspath)
    }

    @Test func enumerationReconcilesMissedEvents() {
        var supervisor = make()
        let wedge = DeviceFixtures.honeywellWedge()
        let rfid = DeviceFixtures.rfidReader()
        _ = supervisor.handle(.appeared(wedge), now: 0)
        // Events were lost: the wedge is gone, the RFID reader arrived; enumeration tells.
        let actions = supervisor.handle(.present([rfid]), now: 1)
        #expect(actions == [.stop(wedge.identity), .start(rfid, .rfidSerial)])
    }

    @Test func changeThatUntagsADeviceStopsItsReader() {
        var supervisor = make()
        var wedge = DeviceFixtures.honeywellWedge()
        _ = supervisor.handle(.appeared(wedge), now: 0)
        wedge.properties["RETURNSTATION_DEVICE"] = nil
        #expect(supervisor.handle(.appeared(wedge), now: 1) == [.stop(wedge.identity)])
        #expect(supervisor.readers.isEmpty)
    }

    @Test func backoffDelayDoesNotOverflow() {
        let backoff = ReaderBackoff(initial: .seconds(1), maximum: .seconds(300))
        #expect(backoff.delayNanos(afterFailures: 1) == 1 * s)
        #expect(backoff.delayNanos(afterFailures: 200) == 300 * s)
        #expect(backoff.delayNanos(afterFailures: 0) == 1 * s)
    }
}
