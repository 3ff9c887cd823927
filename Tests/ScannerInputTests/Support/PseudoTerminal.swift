import Glibc
import ScannerInput

/// A pseudo-terminal pair standing in for a serial scanner: the test writes and reads the master
/// side as the scanner would; the code under test opens the slave by path like `/dev/ttyACM0`.
struct PseudoTerminal: ~Copyable {
    let master: Int32
    let slavePath: String
    private var slave: Int32

    init() {
        var master: Int32 = -1, slave: Int32 = -1
        precondition(openpty(&master, &slave, nil, nil, nil) == 0, "openpty: errno \(errno)")
        self.master = master
        self.slave = slave
        self.slavePath = String(cString: ttyname(slave))
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
    }

    /// Our own slave descriptor is only needed to keep the pty alive until the port is open.
    mutating func closeInitialSlave() {
        if slave >= 0 { Glibc.close(slave) }
        slave = -1
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        let fd = master
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        precondition(n == bytes.count, "write to pty master: errno \(errno)")
    }

    /// Reads what the port wrote back (feedback), waiting up to a second.
    func receive(count: Int) -> [UInt8] {
        let fd = master
        var out: [UInt8] = []
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while out.count < count, poll(&entry, 1, 1000) > 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buffer.prefix(n)
        }
        return out
    }

    deinit {
        if slave >= 0 { Glibc.close(slave) }
        Glibc.close(master)
    }
}

extension SerialPort {
    /// Reads until `framer` has produced `count` outcomes, the other end is gone, or nothing comes for `waitMillis`.
    mutating func collect(
        into framer: inout SerialFramer, count: Int, now: UInt64 = 1, waitMillis: Int32 = 1000
    ) throws -> (outcomes: [DecoderOutput], ended: Bool) {
        var outcomes: [DecoderOutput] = []
        while outcomes.count < count {
            guard try descriptor.waitReadable(timeoutMillis: waitMillis) else { break }
            switch try readTreatingEIOAsEnd() {
            case .data(let bytes): outcomes += framer.handle(bytes, now: now)
            case .wouldBlock: continue
            case .endOfFile:
                let last = framer.streamEnded(now: now)
                if last != .none { outcomes.append(last) }
                return (outcomes, true)
            }
        }
        return (outcomes, false)
    }

    /// Linux reports a hung-up pty (and a pulled USB adapter) as EIO on some paths, EOF on others.
    mutating func readTreatingEIOAsEnd() throws(DeviceError) -> ReadOutcome<[UInt8]> {
        do {
            return try read()
        } catch {
            if error.errno == EIO { return .endOfFile }
            throw error
        }
    }
}
