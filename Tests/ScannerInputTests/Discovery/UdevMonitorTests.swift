import Glibc
import Testing
import ScannerInput

/// The monitor is created on the real netlink socket. No device is plugged in on a test machine, so
/// no event is expected, and none is faked: this checks creation, the pollable descriptor and the
/// empty non-blocking receive.
@Suite("libudev monitor")
struct UdevMonitorTests {
    @Test func monitorHasAPollableNonBlockingDescriptor() throws {
        var monitor = try DeviceMonitor()
        let fd = monitor.fileDescriptor
        #expect(fd >= 0)
        #expect(fcntl(fd, F_GETFL) & O_NONBLOCK != 0, "receive() must never block the reader task")
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, 50)
        #expect(ready >= 0, "poll on the monitor failed: errno \(errno)")
        #expect(entry.revents & Int16(POLLERR | POLLNVAL) == 0)
        if ready == 0 {
            // Nothing waiting: receive returns nil at once instead of blocking.
            #expect(try monitor.receive() == nil)
        }
        #expect(try monitor.waitReadable(timeoutMillis: 0) == (ready > 0))
    }

    @Test func monitorForOneSubsystem() throws {
        let monitor = try DeviceMonitor(subsystems: [.tty])
        #expect(monitor.subsystems == [.tty])
        #expect(monitor.fileDescriptor >= 0)
    }
}
