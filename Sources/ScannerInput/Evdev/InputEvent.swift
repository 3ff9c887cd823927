internal import CInputShim

/// One kernel input event (`struct input_event`), as read from `/dev/input/eventN`.
public struct InputEvent: Sendable, Hashable {
    public var seconds: Int64
    public var microseconds: Int64
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(seconds: Int64 = 0, microseconds: Int64 = 0, type: UInt16, code: UInt16, value: Int32) {
        self.seconds = seconds
        self.microseconds = microseconds
        self.type = type
        self.code = code
        self.value = value
    }

    /// The kernel timestamp in nanoseconds; monotonic when the device was set to `CLOCK_MONOTONIC`
    /// (``EvdevDevice`` does), which makes it the right clock for the inter-key gap.
    public var timestampNanos: UInt64 {
        UInt64(clamping: seconds) &* 1_000_000_000 &+ UInt64(clamping: microseconds) &* 1_000
    }

    /// Size of one record on this platform, from the C struct (24 on 64-bit Linux, 16 with 32-bit time).
    public static let kernelSize: Int = cis_input_event_size()

    /// Decodes one record laid out as the kernel writes it; `bytes` must hold ``kernelSize`` bytes.
    public init(kernelBytes bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= Self.kernelSize, "short input_event record")
        var sec: Int64 = 0, usec: Int64 = 0, type: UInt16 = 0, code: UInt16 = 0, value: Int32 = 0
        cis_input_event_decode(bytes.baseAddress!, &sec, &usec, &type, &code, &value)
        self.init(seconds: sec, microseconds: usec, type: type, code: code, value: value)
    }

    /// The record exactly as the kernel would deliver it (used by test kits and capture tools).
    public var kernelBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.kernelSize) { buffer, count in
            cis_input_event_encode(buffer.baseAddress!, seconds, microseconds, type, code, value)
            count = Self.kernelSize
        }
    }
}

extension InputEvent {
    /// Event types and codes from `<linux/input-event-codes.h>` that the wedge decoder needs.
    public enum Kind {
        public static let syn: UInt16 = 0x00
        public static let key: UInt16 = 0x01
    }

    public enum Syn {
        public static let report: UInt16 = 0
        public static let dropped: UInt16 = 3
    }

    /// `value` of an `EV_KEY` event.
    public enum KeyValue {
        public static let release: Int32 = 0
        public static let press: Int32 = 1
        public static let autoRepeat: Int32 = 2
    }
}
