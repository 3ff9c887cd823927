import ReturnsCore
import Foundation
import Glibc
import ScannerInput

/// Device-side figures: keyboard-wedge decoding and RFID de-duplication throughput, and the time from
/// the terminator key event to the scan leaving the decoder. CPU only: no device, no store.
func scannerBenchmarks() -> [BenchResult] {
    [wedgeThroughput(), rfidDeduplication()] + terminatorLatency()
}

/// The kernel events a USB scanner in keyboard mode produces for `text` + Enter on a US layout:
/// per key press and release an `EV_KEY` and an `EV_SYN`, Shift around capitals, 1 ms apart.
private func wedgeEvents(_ text: String, start: UInt64) -> [InputEvent] {
    let keys: [Character: UInt16] = [
        "1": 2, "2": 3, "3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8": 9, "9": 10, "0": 11,
        "q": 16, "w": 17, "e": 18, "r": 19, "t": 20, "y": 21, "u": 22, "i": 23, "o": 24, "p": 25,
        "a": 30, "s": 31, "d": 32, "f": 33, "g": 34, "h": 35, "j": 36, "k": 37, "l": 38,
        "z": 44, "x": 45, "c": 46, "v": 47, "b": 48, "n": 49, "m": 50,
    ]
    var events: [InputEvent] = []
    var now = start
    func key(_ code: UInt16, _ value: Int32) {
        let sec = Int64(now / 1_000_000_000), usec = Int64(now % 1_000_000_000 / 1_000)
        events.append(InputEvent(seconds: sec, microseconds: usec, type: 1, code: code, value: value))
        events.append(InputEvent(seconds: sec, microseconds: usec, type: 0, code: 0, value: 0))
        now += 1_000_000
    }
    for c in text {
        let shifted = c.isUppercase
        if shifted { key(42, 1) }
        let code = keys[Character(c.lowercased())]!
        key(code, 1)
        key(code, 0)
        if shifted { key(42, 0) }
    }
    key(28, 1)
    key(28, 0)
    return events
}

/// A GS1 element string as printed on a returns label (GTIN, lot, serial), 31 characters.
private let sampleScan = "0104006381333931" + "10LOT42" + "21SN7781"

private func wedgeThroughput() -> BenchResult {
    let script = wedgeEvents(sampleScan, start: 1_000_000_000)
    let bytes = script.flatMap(\.kernelBytes)
    let repeats = 2_000
    var decoder = try! KeyboardWedgeDecoder(deviceID: "bench", layout: .us)
    var scans = 0
    var offset: UInt64 = 0
    // Bytes → records → characters → scans, as a read from the device node would go; each repeat
    // is a second later so the decoder's clock only moves forward.
    let rate = ratePerSecond(iterations: repeats) {
        var reader = InputEventReader()
        offset += 1_000_000_000
        for event in reader.append(bytes) {
            if case .scan = decoder.handle(event, now: event.timestampNanos + offset) { scans += 1 }
        }
    }
    precondition(scans == repeats, "wedge benchmark decoded \(scans) scans, expected \(repeats)")
    return BenchResult(
        name: "keyboard-wedge decoding (us layout, bytes → scans)", value: rate * Double(script.count),
        unit: "events/s", note: "\(script.count) events per \(sampleScan.count)-char scan; libxkbcommon keymap")
}

/// RFID repeats as the daemon decides them: each report classified (EPC decode) and applied to the
/// station's state, where the core's sliding window turns repeats into `duplicateRead`.
private func rfidDeduplication() -> BenchResult {
    let tags = (0..<500).map { String(format: "3074257BF7194E40%08X", $0) }
    let rounds = 40
    let classifier = ScanClassifier()
    var state = StationState()
    let order = SalesOrder(number: "SO-1", customer: "Bench", lines: [])
    let today = LocalDate(year: 2026, month: 11, day: 20)!
    _ = state.apply(.order("SO-1"), context: ScanContext(lane: "A", device: "rfid", scanID: "open", wallMillis: 0, monotonicNanos: 0, today: today),
                    lookedUp: order)
    var repeats = 0
    var now: UInt64 = 1_000_000_000
    let clock = ContinuousClock()
    // A tote on the antenna: every tag reported round after round, 20 µs apart.
    let elapsed = clock.measure {
        for _ in 0..<rounds {
            for tag in tags {
                now += 20_000
                let context = ScanContext(lane: "A", device: "rfid", scanID: "s", wallMillis: 0, monotonicNanos: now, today: today)
                if state.apply(classifier.classify(tag, fromRFID: true), context: context).outcome == .duplicateRead { repeats += 1 }
            }
        }
    }
    precondition(repeats == tags.count * (rounds - 1), "de-duplication saw \(repeats) repeats, expected \(tags.count * (rounds - 1))")
    return BenchResult(
        name: "RFID reads decoded and de-duplicated (core)", value: Double(tags.count * rounds) / seconds(elapsed),
        unit: "reads/s", note: "500 tags × 40 reads, 2 s window: 500 first reads, 19,500 duplicateRead")
}

/// Time from handing the terminator's key event to the decoder until it returns the scan, and the
/// same through a real pipe (write of the record → read → decode), over many scans.
private func terminatorLatency() -> [BenchResult] {
    let script = wedgeEvents(sampleScan, start: 1_000_000_000)
    let terminator = script.firstIndex { $0.type == 1 && $0.code == 28 && $0.value == 1 }!
    let before = Array(script[..<terminator])
    let samples = 5_000
    var decoder = try! KeyboardWedgeDecoder(deviceID: "bench", layout: .us)
    let clock = ContinuousClock()
    var inDecoder: [Double] = []
    var throughPipe: [Double] = []
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    defer { close(fds[0]); close(fds[1]) }
    let record = script[terminator].kernelBytes
    var buffer = [UInt8](repeating: 0, count: InputEvent.kernelSize)
    for round in 0..<(2 * samples) {
        let offset = UInt64(round) * 1_000_000_000  // one scan per second of fake time
        for event in before { _ = decoder.handle(event, now: event.timestampNanos + offset) }
        let start = clock.now
        let outcome: DecoderOutput
        if round < samples {
            outcome = decoder.handle(script[terminator], now: script[terminator].timestampNanos + offset)
            inDecoder.append(microseconds(clock.now - start))
        } else {
            _ = record.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            precondition(n == InputEvent.kernelSize)
            let event = buffer.withUnsafeBytes { InputEvent(kernelBytes: $0) }
            outcome = decoder.handle(event, now: event.timestampNanos + offset)
            throughPipe.append(microseconds(clock.now - start))
        }
        guard case .scan = outcome else { preconditionFailure("terminator did not complete the scan") }
        _ = decoder.handle(script[terminator + 1], now: script[terminator + 1].timestampNanos + offset)
    }
    return [
        BenchResult(name: "terminator → scan, in decoder (median)", value: percentile(inDecoder, 0.5), unit: "µs", note: "\(samples) scans"),
        BenchResult(name: "terminator → scan, in decoder (p99)", value: percentile(inDecoder, 0.99), unit: "µs", note: "\(samples) scans"),
        BenchResult(name: "terminator → scan, pipe write → read → decode (median)", value: percentile(throughPipe, 0.5), unit: "µs", note: "\(samples) scans; same syscalls as a device read"),
        BenchResult(name: "terminator → scan, pipe write → read → decode (p99)", value: percentile(throughPipe, 0.99), unit: "µs", note: "\(samples) scans"),
    ]
}

private func microseconds(_ duration: Duration) -> Double { seconds(duration) * 1e6 }

private func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}
