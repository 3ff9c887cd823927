import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal standing in for a USB serial scanner or RFID reader plugged into the box: the test
/// plays the device on the master side; the daemon opens the slave by a stable symlink, as it would
/// `/dev/returnstation/serial-scanner`. Closing the master is pulling the cable.
public final class PseudoTerminalPair: @unchecked Sendable {
    // @unchecked: the descriptors are fixed at init and used by the one test that owns the pair.
    public let master: Int32
    public let slavePath: String
    private var slave: Int32
    private var closed = false

    public init() throws {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw TestKitError("openpty: \(String(cString: strerror(errno)))") }
        self.master = master
        self.slave = slave
        slavePath = String(cString: ttyname(slave))
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        // A daemon the test starts must not inherit the "device" side: unplugging would then not hang up.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
    }

    /// Points `link` at this pty's slave (replacing an older link), like a udev SYMLINK+= rule.
    public func link(at link: String) throws {
        unlink(link)
        guard symlink(slavePath, link) == 0 else { throw TestKitError("symlink: \(String(cString: strerror(errno)))") }
    }

    /// Lets go of the slave once the daemon has it open (until then it keeps the pty from hanging up).
    public func releaseSlave() {
        if slave >= 0 { close(slave) }
        slave = -1
    }

    /// What the device sends.
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// What the daemon wrote back, collected for up to `timeout` or until `count` bytes arrived.
    public func receive(count: Int, timeout: Duration = .seconds(3)) -> [UInt8] {
        var out: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        while out.count < count && ContinuousClock.now < deadline {
            var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 { out += buffer.prefix(n) }
        }
        return out
    }

    /// Pulls the plug: the slave side reads EIO and the node goes away.
    public func unplug() {
        releaseSlave()
        if !closed { close(master) }
        closed = true
    }

    deinit { unplug() }
}
