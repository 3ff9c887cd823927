// Bytes from a serial scanner or an RFID reader's serial port. The first byte picks the framing and a small
// maximum length (so the overlong paths are reached), the second how the port cuts the stream into reads.
import ScannerInput

let framings: [SerialFramer.Framing] = [.cr, .lf, .crlf, .stxEtx]

func fuzzOne(_ bytes: [UInt8]) {
    guard bytes.count >= 2 else { return }
    let maxLength = 1 + Int(bytes[0] >> 2)
    var framer = SerialFramer(deviceID: "fuzz", configuration: .init(framing: framings[Int(bytes[0] & 3)], maxLength: maxLength))
    let readSize = 1 + Int(bytes[1])
    let stream = bytes.dropFirst(2)
    var outcomes: [DecoderOutput] = []
    var start = stream.startIndex
    while start < stream.endIndex {
        let end = min(stream.endIndex, start + readSize)
        outcomes += framer.handle(stream[start..<end], now: UInt64(start))
        expect(framer.retainedByteCount <= maxLength + 1, "the framer holds at most maxLength + 1 bytes")
        start = end
    }
    outcomes.append(framer.streamEnded(now: UInt64(stream.endIndex)))
    expect(framer.retainedByteCount == 0, "nothing is held after the stream ends")
    // And the promise the sizes alone cannot check: any 1 to maxLength bytes that are not a terminator, framed, are
    // one scan of exactly those bytes (a CRLF scan of exactly maxLength bytes was once cut as overlong).
    let framing = framer.configuration.framing
    let reserved: Set<UInt8> = switch framing {
    case .cr: [0x0D]
    case .lf, .crlf: [0x0A]
    case .stxEtx: [0x02, 0x03]
    }
    let body = Array(stream.filter { !reserved.contains($0) }.prefix(maxLength))
    if !body.isEmpty {
        let framed: [UInt8] = switch framing {
        case .cr: body + [0x0D]
        case .lf: body + [0x0A]
        case .crlf: body + [0x0D, 0x0A]
        case .stxEtx: [0x02] + body + [0x03]
        }
        var fresh = SerialFramer(deviceID: "fuzz", configuration: framer.configuration)
        expect(fresh.handle(framed, now: 0) == [.scan(RawScan(deviceID: "fuzz", bytes: body, monotonicNanos: 0))],
               "\(body.count) bytes framed by \(framing) (maximum \(maxLength)) are one scan")
    }
    for outcome in outcomes {
        switch outcome {
        case .scan(let scan): expect(!scan.bytes.isEmpty && scan.bytes.count <= maxLength, "a scan is 1 to maxLength bytes")
        case .dropped(let drop):
            if case .overlong(let prefix) = drop.reason { expect(prefix.count == maxLength, "an overlong scan keeps maxLength bytes") }
        case .none: break
        }
    }
}
