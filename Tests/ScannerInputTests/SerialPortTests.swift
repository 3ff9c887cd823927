import Glibc
import Testing
import ScannerInput

@Suite("Serial port through a pseudo-terminal")
struct SerialPortTests {
    @Test func termiosIsAppliedOnTheTTY() throws {
        var pty = PseudoTerminal()
        let config = SerialConfiguration(baudRate: 19200, dataBits: .seven, parity: .even, stopBits: .two, flowControl: .xonXoff)
        let port = try SerialPort.open(path: pty.slavePath, configuration: config)
        pty.closeInitialSlave()
        var settings = termios()
        #expect(tcgetattr(port.descriptor.fd, &settings) == 0)
        #expect(cfgetispeed(&settings) == speed_t(B19200))
        // The pty driver forces CS8 and no parity, so those are checked on the computed settings.
        #expect(settings.c_cflag & tcflag_t(CSTOPB) != 0)
        #expect(settings.c_iflag & tcflag_t(IXON) != 0)
        #expect(settings.c_iflag & tcflag_t(ICRNL) == 0)  // raw: CR stays CR
        #expect(settings.c_lflag & tcflag_t(ICANON | ECHO) == 0)
    }

    @Test func dataBitsAndParityAreComputed() throws {
        let sevenEven = try SerialConfiguration(dataBits: .seven, parity: .even).termiosSettings(from: termios(), path: "x")
        #expect(sevenEven.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS7))
        #expect(sevenEven.c_cflag & tcflag_t(PARENB | PARODD) == tcflag_t(PARENB))
        #expect(sevenEven.c_iflag & tcflag_t(INPCK) != 0)
        let eightOdd = try SerialConfiguration(parity: .odd).termiosSettings(from: sevenEven, path: "x")
        #expect(eightOdd.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        #expect(eightOdd.c_cflag & tcflag_t(PARENB | PARODD) == tcflag_t(PARENB | PARODD))
        let none = try SerialConfiguration().termiosSettings(from: eightOdd, path: "x")
        #expect(none.c_cflag & tcflag_t(PARENB) == 0)
        #expect(none.c_cflag & tcflag_t(CSTOPB) == 0)
    }

    @Test func hardwareFlowControlOnThePTY() throws {
        let pty = PseudoTerminal()
        let port = try SerialPort.open(path: pty.slavePath, configuration: .init(flowControl: .rtsCts))
        var settings = termios()
        #expect(tcgetattr(port.descriptor.fd, &settings) == 0)
        #expect(settings.c_cflag & tcflag_t(CRTSCTS) != 0)
        #expect(settings.c_iflag & tcflag_t(IXON | IXOFF) == 0)
    }

    @Test func unsupportedBaudRateIsATypedError() {
        let pty = PseudoTerminal()
        #expect {
            _ = try SerialPort.open(path: pty.slavePath, configuration: .init(baudRate: 12345))
        } throws: { error in
            (error as? DeviceError)?.code == .unsupportedSetting && (error as? DeviceError)?.path == pty.slavePath
        }
    }

    @Test func missingDeviceCarriesPathAndErrno() {
        #expect {
            _ = try SerialPort.open(path: "/dev/ttyNOPE-returnstation", configuration: .init())
        } throws: { error in
            guard let error = error as? DeviceError else { return false }
            return error.code == .open && error.errno == ENOENT && error.description.contains("/dev/ttyNOPE")
        }
    }

    @Test func scansArriveRawAndFeedbackGoesBack() throws {
        var pty = PseudoTerminal()
        var port = try SerialPort.open(path: pty.slavePath, configuration: .init(baudRate: 115200))
        pty.closeInitialSlave()
        var framer = SerialFramer(deviceID: pty.slavePath, configuration: .init(framing: .cr))
        pty.send("4006381333931\r]C1")
        pty.send("0109506000134352\u{1D}10ABC\r")
        let (outcomes, _) = try port.collect(into: &framer, count: 2)
        #expect(outcomes.map(\.scannedText) == ["4006381333931", "]C10109506000134352\u{1D}10ABC"])
        let feedback = SerialFeedback(goodRead: [0x16, 0x07, 0x0D], badRead: [0x16, 0x45, 0x0D])
        try port.write(feedback.goodRead)
        try port.write([])
        #expect(pty.receive(count: 3) == [0x16, 0x07, 0x0D])
    }

    @Test func writerClosingAndReopening() throws {
        // The scanner side hangs up mid-scan (adapter pulled): the partial scan is dropped, not kept.
        var first = PseudoTerminal()
        var port = try SerialPort.open(path: first.slavePath, configuration: .init())
        first.closeInitialSlave()
        var framer = SerialFramer(deviceID: "scanner-1", configuration: .init(framing: .cr))
        first.send("AAA\rPART")
        #expect(try port.collect(into: &framer, count: 1).outcomes.map(\.scannedText) == ["AAA"])
        // Read "PART" before hanging up: a tty hangup flushes input nobody has read yet.
        #expect(try port.collect(into: &framer, count: 1, waitMillis: 100).outcomes.isEmpty)
        _ = consume first
        let (outcomes, ended) = try port.collect(into: &framer, count: 10)
        #expect(ended)
        #expect(outcomes.map(\.dropReason) == [.unterminated(partial: Array("PART".utf8))])

        // Re-plugged: a new tty; same identity, same framer, nothing of the old partial survives.
        var second = PseudoTerminal()
        port = try SerialPort.open(path: second.slavePath, configuration: .init())
        second.closeInitialSlave()
        second.send("BBB\r")
        #expect(try port.collect(into: &framer, count: 1).outcomes.map(\.scannedText) == ["BBB"])
    }

    @Test func readerClosingAndReopeningTheSamePath() throws {
        // The daemon closes the port (restart, reconfiguration) and opens the same path again.
        let pty = PseudoTerminal()
        var framer = SerialFramer(deviceID: "scanner-2", configuration: .init(framing: .crlf))
        do {
            var port = try SerialPort.open(path: pty.slavePath, configuration: .init())
            pty.send("ONE\r\n")
            #expect(try port.collect(into: &framer, count: 1).outcomes.map(\.scannedText) == ["ONE"])
        }
        var port = try SerialPort.open(path: pty.slavePath, configuration: .init(baudRate: 38400))
        pty.send("TWO\r\n")
        #expect(try port.collect(into: &framer, count: 1).outcomes.map(\.scannedText) == ["TWO"])
    }
}
