/// Reads whole input reports from a descriptor where each read returns one report: a hidraw node,
/// or a `SOCK_SEQPACKET` socket in tests.
public struct HIDReportStream: ~Copyable {
    public let descriptor: OwnedDescriptor
    /// Larger than any report (HID full-speed reports are at most 64 bytes, high-speed 1024).
    private var buffer = [UInt8](repeating: 0, count: 4096)

    public init(descriptor: consuming OwnedDescriptor) {
        self.descriptor = descriptor
    }

    /// Reads one report (with its report id first when the device numbers its reports).
    public mutating func read() throws(DeviceError) -> ReadOutcome<[UInt8]> {
        switch try descriptor.read(into: &buffer) {
        case .wouldBlock: return .wouldBlock
        case .endOfFile: return .endOfFile
        case .data(let count): return .data(Array(buffer.prefix(count)))
        }
    }
}
