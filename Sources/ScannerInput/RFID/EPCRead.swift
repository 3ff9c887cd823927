/// One tag read reported by an RFID reader.
public struct EPCRead: Sendable, Hashable {
    /// The EPC as uppercase hex, e.g. `3034257BF7194E4000001A85` (SGTIN-96).
    public var epc: String
    public var antenna: Int?
    /// Signal strength in dBm as the reader reports it.
    public var rssi: Double?

    public init(epc: String, antenna: Int? = nil, rssi: Double? = nil) {
        self.epc = epc
        self.antenna = antenna
        self.rssi = rssi
    }

    /// The scan handed on for decoding: the EPC hex as ASCII bytes.
    public func rawScan(deviceID: String, monotonicNanos: UInt64, wallTime: Double? = nil) -> RawScan {
        RawScan(deviceID: deviceID, bytes: Array(epc.utf8), monotonicNanos: monotonicNanos, wallTime: wallTime)
    }
}
