import Glibc
import ScannerInput

/// A pipe(2) whose read end is handed to the code under test as if it were a device node.
struct TestPipe: ~Copyable {
    var reader: OwnedDescriptor?
    private(set) var writeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "pipe failed: errno \(errno)")
        reader = OwnedDescriptor(adopting: fds[0], path: "pipe:\(fds[0])")
        writeFD = fds[1]
    }

    /// Writes `bytes` in chunks of `chunk` bytes (odd sizes split records like a capture can).
    func write(_ bytes: [UInt8], chunk: Int = 4096) {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            let n = bytes[offset..<end].withUnsafeBytes { Glibc.write(writeFD, $0.baseAddress, $0.count) }
            precondition(n > 0, "write failed: errno \(errno)")
            offset += n
        }
    }

    mutating func closeWriter() {
        if writeFD >= 0 { Glibc.close(writeFD) }
        writeFD = -1
    }

    /// Hands the read end over (once).
    mutating func takeReader() -> OwnedDescriptor {
        guard let reader = reader.take() else { fatalError("reader already taken") }
        return reader
    }

    deinit { if writeFD >= 0 { Glibc.close(writeFD) } }
}

/// Sends the script's events through a real pipe and reads them back with the device code path.
func roundTripThroughPipe(_ events: [InputEvent], chunk: Int = 4096) throws -> [InputEvent] {
    var pipe = TestPipe()
    var stream = InputEventStream(descriptor: pipe.takeReader())
    let bytes = events.flatMap(\.kernelBytes)
    // The pipe buffer (64 KiB) holds every scenario here, so write everything before reading.
    precondition(bytes.count < 60_000)
    pipe.write(bytes, chunk: chunk)
    pipe.closeWriter()
    var result: [InputEvent] = []
    while true {
        switch try stream.read() {
        case .data(let events): result += events
        case .wouldBlock: continue
        case .endOfFile: return result
        }
    }
}

/// Decodes events with `decoder`, using the kernel timestamps as the monotonic clock.
func decode(_ events: [InputEvent], with decoder: inout KeyboardWedgeDecoder) -> [DecoderOutput] {
    events.map { decoder.handle($0, now: $0.timestampNanos) }.filter { $0 != .none }
}

extension DecoderOutput {
    var scannedText: String? {
        if case .scan(let scan) = self { return String(decoding: scan.bytes, as: UTF8.self) }
        return nil
    }
    var scannedBytes: [UInt8]? {
        if case .scan(let scan) = self { return scan.bytes }
        return nil
    }
    var dropReason: DropReason? {
        if case .dropped(let drop) = self { return drop.reason }
        return nil
    }
}
