/// One complete scan as a device delivered it, before any decoding.
///
/// The decoders in this module produce it; the daemon turns it into the core's scan type.
public struct RawScan: Sendable, Hashable {
    /// Stable identity of the device (serial number or port path), chosen by the caller.
    public var deviceID: String
    /// The scanned data, without terminator or framing.
    public var bytes: [UInt8]
    /// AIM symbology identifier such as `]C1` when the device reports one (HID POS), else `nil`.
    public var symbologyHint: String?
    /// When the terminator (or last report) arrived, in the caller's monotonic clock, nanoseconds.
    public var monotonicNanos: UInt64
    /// Seconds since 1970, when the caller knows it.
    public var wallTime: Double?

    public init(
        deviceID: String,
        bytes: [UInt8],
        symbologyHint: String? = nil,
        monotonicNanos: UInt64,
        wallTime: Double? = nil
    ) {
        self.deviceID = deviceID
        self.bytes = bytes
        self.symbologyHint = symbologyHint
        self.monotonicNanos = monotonicNanos
        self.wallTime = wallTime
    }
}
