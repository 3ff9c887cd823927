import Testing
import ScannerInput

@Suite("Keyboard wedge: timeouts, lost events, interleaved devices")
struct KeyboardWedgeTimingTests {
    let ms: UInt64 = 1_000_000

    @Test func gapLongerThanTimeoutDropsThePartialScan() throws {
        var script = KeyScript()
        script.typeUS("ab")
        script.wait(nanos: 500 * ms)
        script.typeUS("cd")
        script.tap(Key.enter)
        var decoder = try KeyboardWedgeDecoder(
            deviceID: "d", configuration: .init(interKeyTimeout: .milliseconds(100)))
        let outcomes = decode(try roundTripThroughPipe(script.events), with: &decoder)
        #expect(outcomes.map(\.dropReason) == [.timeout(partial: Array("ab".utf8)), nil])
        #expect(outcomes.map(\.scannedText) == [nil, "cd"])
    }

    @Test func tickDropsAStalePartialWithoutAnotherKey() throws {
        var script = KeyScript()
        script.typeUS("abc")
        var decoder = try KeyboardWedgeDecoder(
            deviceID: "d", configuration: .init(interKeyTimeout: .milliseconds(100)))
        #expect(decode(try roundTripThroughPipe(script.events), with: &decoder).isEmpty)
        let lastKey = script.events.last!.timestampNanos
        #expect(decoder.deadline == lastKey + 100 * ms)
        #expect(decoder.tick(now: lastKey + 100 * ms) == .none)  // exactly at the deadline: still alive
        let outcome = decoder.tick(now: lastKey + 101 * ms)
        #expect(outcome.dropReason == .timeout(partial: Array("abc".utf8)))
        #expect(decoder.deadline == nil)
        #expect(decoder.tick(now: lastKey + 500 * ms) == .none)
    }

    @Test func synDroppedDiscardsPartialAndResetsModifiers() throws {
        var script = KeyScript()
        script.typeUS("ab")
        script.press(Key.leftShift)
        script.synDropped()
        // Events after SYN_DROPPED up to the next SYN_REPORT are incomplete and must be skipped.
        script.key(Key.us("x"), value: 1)  // produces MSC, KEY, SYN_REPORT: the KEY is skipped
        script.release(Key.us("x"))
        script.typeUS("cd")  // the Shift release was lost: must not come out as "CD"
        script.tap(Key.enter)
        var decoder = try KeyboardWedgeDecoder(deviceID: "d")
        let outcomes = decode(try roundTripThroughPipe(script.events), with: &decoder)
        #expect(outcomes.map(\.dropReason) == [.synDropped(partial: Array("ab".utf8)), nil])
        #expect(outcomes.last?.scannedText == "cd")
    }

    @Test func overlongScanIsDroppedUpToItsTerminator() throws {
        var script = KeyScript()
        script.typeUS("abcdefgh")
        script.tap(Key.enter)
        script.typeUS("ok")
        script.tap(Key.enter)
        var decoder = try KeyboardWedgeDecoder(deviceID: "d", configuration: .init(maxLength: 5))
        let outcomes = decode(try roundTripThroughPipe(script.events), with: &decoder)
        #expect(outcomes.map(\.dropReason) == [.overlong(prefix: Array("abcde".utf8)), nil])
        #expect(outcomes.last?.scannedText == "ok")
    }

    @Test func interleavedDevicesKeepTheirOwnState() throws {
        // Device A holds Shift across B's keys; each device has its own pipe, keymap and assembler.
        var a = KeyScript(start: 1_000 * ms, keyGapNanos: 4 * ms)
        var b = KeyScript(start: 1_002 * ms, keyGapNanos: 4 * ms)
        a.press(Key.leftShift)
        for c in "abc" { a.tap(Key.us(c)) }
        a.release(Key.leftShift)
        a.tap(Key.enter)
        for c in "xyz" { b.tap(Key.us(c)) }
        b.wait(nanos: 300 * ms)
        b.typeUS("12")
        b.tap(Key.enter)

        var decoderA = try KeyboardWedgeDecoder(deviceID: "A")
        var decoderB = try KeyboardWedgeDecoder(deviceID: "B", layout: KeyboardLayout(layout: "de"))
        let merged = (try roundTripThroughPipe(a.events).map { ("A", $0) } + roundTripThroughPipe(b.events).map { ("B", $0) })
            .enumerated()
            .sorted { ($0.element.1.timestampNanos, $0.offset) < ($1.element.1.timestampNanos, $1.offset) }
            .map(\.element)
        var outcomes: [DecoderOutput] = []
        for (device, event) in merged {
            let outcome = device == "A"
                ? decoderA.handle(event, now: event.timestampNanos)
                : decoderB.handle(event, now: event.timestampNanos)
            if outcome != .none { outcomes.append(outcome) }
        }
        let scans = outcomes.compactMap { if case .scan(let s) = $0 { s } else { nil } }
        #expect(scans.map(\.deviceID) == ["A", "B"])
        #expect(scans.map { String(decoding: $0.bytes, as: UTF8.self) } == ["ABC", "12"])
        let drops = outcomes.compactMap { if case .dropped(let d) = $0 { d } else { nil } }
        #expect(drops.map(\.deviceID) == ["B"])
        #expect(drops.first?.reason == .timeout(partial: Array("xzy".utf8)))  // de: y/z swapped
    }
}
