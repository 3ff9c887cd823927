import ScannerInput

/// Builds the event sequence a USB keyboard (or a scanner emulating one) makes the kernel deliver:
/// `EV_MSC/MSC_SCAN`, `EV_KEY`, `EV_SYN/SYN_REPORT` per key change, timestamps advancing per key.
struct KeyScript {
    private(set) var events: [InputEvent] = []
    /// Fake clock in nanoseconds; the scenarios choose gaps explicitly.
    var now: UInt64
    var keyGapNanos: UInt64

    init(start: UInt64 = 1_000_000_000, keyGapNanos: UInt64 = 2_000_000) {
        self.now = start
        self.keyGapNanos = keyGapNanos
    }

    mutating func key(_ code: UInt16, value: Int32) {
        let sec = Int64(now / 1_000_000_000), usec = Int64(now % 1_000_000_000 / 1_000)
        events.append(InputEvent(seconds: sec, microseconds: usec, type: 0x04, code: 0x04, value: 0x70000 + Int32(code)))
        events.append(InputEvent(seconds: sec, microseconds: usec, type: 0x01, code: code, value: value))
        events.append(InputEvent(seconds: sec, microseconds: usec, type: 0x00, code: 0, value: 0))
        now += keyGapNanos
    }

    mutating func press(_ code: UInt16) { key(code, value: 1) }
    mutating func release(_ code: UInt16) { key(code, value: 0) }
    mutating func tap(_ code: UInt16) { press(code); release(code) }

    /// Taps `code` while `modifiers` are held, pressing and releasing them around it.
    mutating func chord(_ modifiers: [UInt16], _ code: UInt16) {
        for m in modifiers { press(m) }
        tap(code)
        for m in modifiers.reversed() { release(m) }
    }

    /// Types lowercase letters, digits and (with Shift) uppercase letters at their US positions.
    mutating func typeUS(_ text: String) {
        for c in text {
            if c.isUppercase {
                chord([Key.leftShift], Key.us(Character(c.lowercased())))
            } else {
                tap(Key.us(c))
            }
        }
    }

    /// Alt held, the decimal code typed on the keypad, Alt released.
    mutating func altCode(_ digits: String) {
        press(Key.leftAlt)
        for d in digits { tap(Key.keypad[d.wholeNumberValue!]) }
        release(Key.leftAlt)
    }

    mutating func synDropped() {
        let sec = Int64(now / 1_000_000_000), usec = Int64(now % 1_000_000_000 / 1_000)
        events.append(InputEvent(seconds: sec, microseconds: usec, type: 0x00, code: 3, value: 0))
    }

    mutating func wait(nanos: UInt64) { now += nanos }

    var bytes: [UInt8] { events.flatMap(\.kernelBytes) }
}
