import Testing
import ScannerInput

@Suite("Serial framing")
struct SerialFramerTests {
    func texts(_ outcomes: [DecoderOutput]) -> [String?] { outcomes.map(\.scannedText) }

    @Test func crLfAndCrlfLineEndings() {
        var cr = SerialFramer(deviceID: "s", configuration: .init(framing: .cr))
        #expect(texts(cr.handle(Array("A1\rB2\r\nC3\r".utf8), now: 1)) == ["A1", "B2", "C3"])
        var lf = SerialFramer(deviceID: "s", configuration: .init(framing: .lf))
        #expect(texts(lf.handle(Array("A1\nB2\n".utf8), now: 1)) == ["A1", "B2"])
        var crlf = SerialFramer(deviceID: "s", configuration: .init(framing: .crlf))
        #expect(texts(crlf.handle(Array("A1\r\nB2\nC\r3\r\n".utf8), now: 1)) == ["A1", "B2", "C\r3"])
    }

    @Test func chunksSplitAnywhere() {
        var framer = SerialFramer(deviceID: "s", configuration: .init(framing: .crlf))
        var outcomes: [DecoderOutput] = []
        for (i, chunk) in ["01095", "06000134352\r", "\n0", "10\r\n"].enumerated() {
            outcomes += framer.handle(Array(chunk.utf8), now: UInt64(i))
        }
        #expect(texts(outcomes) == ["0109506000134352", "010"])
        guard case .scan(let scan) = outcomes.first else { return }
        #expect(scan.monotonicNanos == 2)  // when the terminator arrived
    }

    @Test func stxEtxFramesAndGarbageBetween() {
        var framer = SerialFramer(deviceID: "s", configuration: .init(framing: .stxEtx))
        let stream: [UInt8] = [0x02] + Array("ABC".utf8) + [0x03, 0x0D, 0x0A]  // CR LF after ETX: silent
            + Array("xx".utf8) + [0x02] + Array("DEF".utf8) + [0x03]
            + [0x02] + Array("GH".utf8) + [0x02] + Array("IJ".utf8) + [0x03]
        let outcomes = framer.handle(stream, now: 1)
        #expect(texts(outcomes) == ["ABC", nil, "DEF", nil, "IJ"])
        #expect(outcomes.map(\.dropReason) == [
            nil, .garbage(Array("xx".utf8)), nil, .unterminated(partial: Array("GH".utf8)), nil,
        ])
    }

    @Test func overlongLineIsDroppedAndStreamResynchronises() {
        var framer = SerialFramer(deviceID: "s", configuration: .init(framing: .cr, maxLength: 4))
        let outcomes = framer.handle(Array("123456789\rOK\r".utf8), now: 1)
        #expect(outcomes.map(\.dropReason) == [.overlong(prefix: Array("1234".utf8)), nil])
        #expect(outcomes.last?.scannedText == "OK")
    }

    /// Every framing takes a scan of exactly `maxLength` bytes and cuts one byte more (CRLF dropped the first:
    /// its CR was counted as part of the scan).
    @Test func aScanOfExactlyTheMaximumLengthIsAScanInEveryFraming() {
        for (framing, end, start) in [(SerialFramer.Framing.cr, "\r", ""), (.lf, "\n", ""), (.crlf, "\r\n", ""), (.stxEtx, "\u{03}", "\u{02}")] {
            var framer = SerialFramer(deviceID: "s", configuration: .init(framing: framing, maxLength: 4))
            let outcomes = framer.handle(Array((start + "1234" + end + start + "12345" + end + start + "OK" + end).utf8), now: 1)
            #expect(texts(outcomes) == ["1234", nil, "OK"], "\(framing)")
            #expect(outcomes.dropFirst().first?.dropReason == .overlong(prefix: Array("1234".utf8)), "\(framing)")
        }
        // A lone CR inside a CRLF scan is kept, and counts towards the length.
        var crlf = SerialFramer(deviceID: "s", configuration: .init(framing: .crlf, maxLength: 4))
        #expect(texts(crlf.handle(Array("12\r4\r\n1234\r5\r\n".utf8), now: 1)) == ["12\r4", nil])
    }

    @Test func overlongFrameResynchronisesAtNextStx() {
        var framer = SerialFramer(deviceID: "s", configuration: .init(framing: .stxEtx, maxLength: 3))
        let stream: [UInt8] = [0x02] + Array("TOOLONG".utf8) + [0x02] + Array("OK".utf8) + [0x03]
        let outcomes = framer.handle(stream, now: 1)
        #expect(outcomes.map(\.dropReason) == [.overlong(prefix: Array("TOO".utf8)), nil])
        #expect(outcomes.last?.scannedText == "OK")
    }

    @Test func streamEndDropsThePartialScan() {
        var framer = SerialFramer(deviceID: "s")
        #expect(framer.handle(Array("PART".utf8), now: 1).isEmpty)
        #expect(framer.streamEnded(now: 2).dropReason == .unterminated(partial: Array("PART".utf8)))
        #expect(framer.streamEnded(now: 3) == .none)
        #expect(texts(framer.handle(Array("NEW\r".utf8), now: 4)) == ["NEW"])
    }

    @Test func emptyLinesAreNotScans() {
        var framer = SerialFramer(deviceID: "s", configuration: .init(framing: .lf))
        #expect(framer.handle(Array("\n\n".utf8), now: 1).isEmpty)
    }
}
