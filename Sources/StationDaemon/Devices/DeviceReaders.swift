import StationConfig
import Foundation
import ReturnsCore
import ScannerInput

/// The blocking read loops, one per device kind. Each runs on its own thread until the device fails
/// (throws), its input ends (returns), or `stop` is set. Poll timeouts are short so a stop request is served
/// within `pollMillis`; a serial reader also wakes at once for feedback bytes (`FeedbackMailbox`).
enum DeviceReaders {
    static let pollMillis: Int32 = 50

    static func monotonicNow() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A keyboard-wedge device whose path is a FIFO reads captures (`readCaptures`) instead of an evdev node.
    static func readsCaptures(_ device: DeviceConfiguration, path: String) -> Bool { device.kind == .keyboardWedge && isFIFO(path) }

    /// Whether the source can be made to wait while the scan inbox is full: a FIFO's or a file's writer can; a device
    /// cannot (the kernel would drop its input), so its oldest unstored read goes instead.
    static func sourceCanWait(_ device: DeviceConfiguration, path: String) -> Bool {
        device.kind == .lines || readsCaptures(device, path: path)
    }

    static func run(_ device: DeviceConfiguration, path: String, sink: ReaderSink, stop: StopSignal) throws {
        switch device.kind {
        case .lines: try lines(device, path: path, sink: sink, stop: stop)
        case .serial, .rfid: try serial(device, path: path, sink: sink, stop: stop)
        case .keyboardWedge where readsCaptures(device, path: path): try readCaptures(device, path: path, sink: sink, stop: stop)
        case .keyboardWedge: try keyboardWedge(device, path: path, sink: sink, stop: stop)
        case .hidPOS: try hidPOS(device, path: path, sink: sink, stop: stop)
        }
    }

    /// Lines from a FIFO, a file or standard input (`-`); `<GS>` and `\x1d` stand for the group separator.
    static func lines(_ device: DeviceConfiguration, path: String, sink: ReaderSink, stop: StopSignal) throws {
        var info = stat()
        let isStdin = path == "-"
        let fd: Int32
        if isStdin {
            fd = 0
        } else {
            fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { throw DeviceReadError(path: path, operation: "open", errno: errno) }
        }
        defer { if !isStdin { close(fd) } }
        fstat(fd, &info)
        let isFIFO = (info.st_mode & S_IFMT) == S_IFIFO
        // Holding the FIFO open for writing too means the last writer going away is not an end of input.
        let keepOpen = isFIFO && !isStdin ? Glibc.open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC) : -1
        defer { if keepOpen >= 0 { close(keepOpen) } }
        sink.opened(isFIFO ? "FIFO \(path)" : isStdin ? "standard input" : "file \(path)")
        var framer = SerialFramer(deviceID: device.id, configuration: .init(framing: .crlf, maxLength: device.keyboard.maxLength))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stop.isStopped {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, pollMillis)
            if ready < 0 && errno != EINTR { throw DeviceReadError(path: path, operation: "poll", errno: errno) }
            guard ready > 0 else { continue }
            let n = read(fd, &buffer, buffer.count)
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw DeviceReadError(path: path, operation: "read", errno: errno)
            }
            if n == 0 {
                sink.deliver(framer.streamEnded(now: monotonicNow()))
                return  // a file or standard input has ended
            }
            for output in framer.handle(buffer[0..<n], now: monotonicNow()) {
                sink.waitForRoom()  // a FIFO's or a file's writer waits; nothing it wrote is dropped
                if case .scan(var raw) = output {
                    raw.bytes = ScanTextEscapes.unescape(String(decoding: raw.bytes, as: UTF8.self))
                    sink.deliver(.scan(raw))
                } else {
                    sink.deliver(output)
                }
            }
        }
    }

    /// Serial scanners and RFID readers on a tty with termios applied.
    static func serial(_ device: DeviceConfiguration, path: String, sink: ReaderSink, stop: StopSignal) throws {
        let options = device.serial
        let configuration = SerialConfiguration(
            baudRate: options.baud, dataBits: options.dataBits == 7 ? .seven : .eight,
            parity: options.parity == "even" ? .even : options.parity == "odd" ? .odd : .none,
            stopBits: options.stopBits == 2 ? .two : .one,
            flowControl: options.flowControl == "rtscts" ? .rtsCts : options.flowControl == "xonxoff" ? .xonXoff : .none)
        let framing: SerialFramer.Framing = switch options.framing {
        case "lf": .lf
        case "crlf": .crlf
        case "stx-etx": .stxEtx
        default: .cr
        }
        var port = try SerialPort.open(path: path, configuration: configuration)
        sink.opened("\(path) \(options.baud) \(options.dataBits)\(options.parity.prefix(1).uppercased())\(options.stopBits)")
        var framer = SerialFramer(deviceID: device.id, configuration: .init(framing: framing, maxLength: options.maxLength))
        let parser = device.kind == .rfid ? RFIDReportParser(format: try RFIDReportFormat(device.rfidFormat)) : nil
        while !stop.isStopped {
            for bytes in sink.feedback.take() {
                // A beep that cannot be written (the device stopped reading) is lost, the scans are not; the rest
                // of the batch goes too, or each beep would hold the reader another 500 ms.
                do { try port.write(bytes) } catch {
                    sink.feedbackFailed(error)
                    break
                }
            }
            let chunk: ReadOutcome<[UInt8]>
            do {
                guard try port.descriptor.waitReadable(timeoutMillis: pollMillis, orWake: sink.feedback.wakeDescriptor) else { continue }
                chunk = try port.read()
            } catch {
                sink.deliver(framer.streamEnded(now: monotonicNow()).becauseDeviceWentAway)  // a scan cut off by the unplug is dropped, logged
                throw error
            }
            switch chunk {
            case .wouldBlock: continue
            case .endOfFile:
                // A USB serial device that is unplugged reads as end of file (or EIO): it has gone.
                sink.deliver(framer.streamEnded(now: monotonicNow()).becauseDeviceWentAway)
                throw DeviceReadError(path: path, operation: "read", errno: ENODEV)
            case .data(let chunk):
                for output in framer.handle(chunk, now: monotonicNow()) {
                    guard let parser, case .scan(var raw) = output else {
                        sink.deliver(output)
                        continue
                    }
                    do {
                        let read = try parser.parse(raw.bytes)
                        raw.bytes = Array(read.epc.utf8)
                        sink.deliver(.scan(raw), fromRFID: true)
                    } catch {
                        sink.dropped(DroppedScan(deviceID: device.id, reason: .garbage(raw.bytes), monotonicNanos: raw.monotonicNanos))
                    }
                }
            }
        }
    }

    /// The decoder a keyboard-wedge device's options ask for.
    static func wedgeDecoder(for device: DeviceConfiguration) throws -> KeyboardWedgeDecoder {
        let options = device.keyboard
        let terminators = Set(options.terminators.compactMap { t -> WedgeTerminator? in
            switch t {
            case "enter": .enter
            case "keypad-enter": .keypadEnter
            case "tab": .tab
            default: nil
            }
        })
        return try KeyboardWedgeDecoder(
            deviceID: device.id,
            layout: KeyboardLayout(layout: options.layout, variant: options.variant, options: options.options),
            configuration: .init(terminators: terminators, interKeyTimeout: .milliseconds(options.interKeyTimeoutMillis),
                                 maxLength: options.maxLength))
    }

    /// Keyboard-wedge scanners through evdev, grabbed so their keys reach no console.
    static func keyboardWedge(_ device: DeviceConfiguration, path: String, sink: ReaderSink, stop: StopSignal) throws {
        let options = device.keyboard
        let evdev = try EvdevDevice.open(path: path, grab: options.grab)
        sink.opened("\(evdev.info.name) [\(String(format: "%04x:%04x", evdev.info.vendorID, evdev.info.productID))] layout \(options.layout)")
        var events = evdev.takeEvents()
        var decoder = try wedgeDecoder(for: device)
        while !stop.isStopped {
            if let deadline = decoder.deadline, monotonicNow() >= deadline { sink.deliver(decoder.tick(now: monotonicNow())) }
            let read: ReadOutcome<[InputEvent]>
            do {
                guard try events.descriptor.waitReadable(timeoutMillis: pollMillis) else { continue }
                read = try events.read()
            } catch {
                // Unplugged mid-scan: the keys typed so far are dropped (and logged), never matched.
                sink.deliver(decoder.tick(now: .max).becauseDeviceWentAway)
                throw error
            }
            switch read {
            case .wouldBlock: continue
            case .endOfFile:
                sink.deliver(decoder.tick(now: .max).becauseDeviceWentAway)
                throw DeviceReadError(path: path, operation: "read", errno: ENODEV)
            case .data(let batch):
                // The device clock is CLOCK_MONOTONIC (set at open), so event times drive the timeout.
                for event in batch { sink.deliver(decoder.handle(event, now: event.timestampNanos)) }
            }
        }
    }

    /// Keyboard-wedge captures replayed into a FIFO (`cat capture > fifo`, the records a technician took with
    /// `cat /dev/input/eventN`), one writer after another, decoded exactly as the device's. A capture's times are not this boot's clock: only
    /// its own events time a scan out, and each scan is stamped with this boot's clock when decoded. When a writer
    /// closes, its capture has ended: an unfinished scan or record is dropped and reported, and the next capture
    /// starts clean (a fresh decoder, no Shift held; a fresh stream, no partial record). Reopened after a writer
    /// leaves, the FIFO is not readable until the next writer comes, so waiting for it costs nothing.
    static func readCaptures(_ device: DeviceConfiguration, path: String, sink: ReaderSink, stop: StopSignal) throws {
        var events = try openCaptureFIFO(path)
        sink.opened("capture FIFO \(path) layout \(device.keyboard.layout)")
        var decoder = try wedgeDecoder(for: device)
        var lastEventNanos: UInt64 = 0
        while !stop.isStopped {
            guard try events.descriptor.waitReadable(timeoutMillis: pollMillis) else { continue }
            switch try events.read() {
            case .wouldBlock: continue
            case .endOfFile:
                sink.deliver(decoder.tick(now: .max).becauseDeviceWentAway)
                let cutRecord = events.pendingBytes
                if !cutRecord.isEmpty {
                    sink.dropped(DroppedScan(deviceID: device.id, reason: .garbage(cutRecord), monotonicNanos: monotonicNow()))
                }
                events = try openCaptureFIFO(path)
                decoder = try wedgeDecoder(for: device)
                lastEventNanos = 0
            case .data(let batch):
                for event in batch {
                    if event.timestampNanos < lastEventNanos {
                        // Times went back: a new capture followed the last without this reader seeing its writer leave.
                        sink.deliver(decoder.tick(now: .max).becauseDeviceWentAway)
                        decoder = try wedgeDecoder(for: device)
                    }
                    lastEventNanos = event.timestampNanos
                    var output = decoder.handle(event, now: event.timestampNanos)
                    if case .scan(var raw) = output {
                        sink.waitForRoom()  // a capture waits; a device cannot
                        raw.monotonicNanos = monotonicNow()
                        output = .scan(raw)
                    }
                    sink.deliver(output)
                }
            }
        }
    }

    /// Opens the capture FIFO, refusing anything else now at `path` (a regular file put in its place would be read
    /// again at every end of file, storing its scans over and over).
    static func openCaptureFIFO(_ path: String) throws -> InputEventStream {
        let descriptor = try OwnedDescriptor.open(path, flags: O_RDONLY | O_NONBLOCK)
        var info = stat()
        guard fstat(descriptor.fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO else {
            throw DeviceReadError(path: path, operation: "open (no longer a FIFO)", errno: EINVAL)
        }
        return InputEventStream(descriptor: descriptor)
    }

    static func isFIFO(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }

    /// HID POS scanners through hidraw: one report per read, AIM symbology id beside the data.
    static func hidPOS(_ device: DeviceConfiguration, path: String, sink: ReaderSink, stop: StopSignal) throws {
        var hid = try HIDRawDevice.open(path: path)
        let interface = try HIDReportDescriptor.parse(hid.info.reportDescriptor).barcodeScanner()
        sink.opened("\(hid.info.name) [\(String(format: "%04x:%04x", hid.info.vendorID, hid.info.productID))] HID POS")
        var assembler = HIDPOSReportAssembler(deviceID: device.id, interface: interface, maxLength: device.keyboard.maxLength)
        while !stop.isStopped {
            if let deadline = assembler.deadline, monotonicNow() >= deadline { sink.deliver(assembler.tick(now: monotonicNow())) }
            let read: ReadOutcome<[UInt8]>
            do {
                guard try hid.reports.descriptor.waitReadable(timeoutMillis: pollMillis) else { continue }
                read = try hid.reports.read()
            } catch {
                sink.deliver(assembler.tick(now: .max).becauseDeviceWentAway)  // a continued scan cut off by the unplug, logged
                throw error
            }
            switch read {
            case .wouldBlock: continue
            case .endOfFile:
                sink.deliver(assembler.tick(now: .max).becauseDeviceWentAway)
                throw DeviceReadError(path: path, operation: "read", errno: ENODEV)
            case .data(let report):
                for output in assembler.handle(report: report, now: monotonicNow()) { sink.deliver(output) }
            }
        }
    }
}

/// A read loop's own system-call failure, with the path and errno for the technician.
struct DeviceReadError: Error, CustomStringConvertible {
    let path: String
    let operation: String
    let errno: Int32
    var description: String { "\(operation) \(path): \(String(cString: strerror(errno))) (errno \(errno))" }
}
