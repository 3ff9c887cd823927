/// Reads ``InputEvent``s from a descriptor: an evdev node, a capture file or a test pipe.
///
/// The device path and the tests share this code, so what the tests feed through a pipe is parsed
/// exactly as a real `/dev/input/eventN` would be.
public struct InputEventStream: ~Copyable {
    public let descriptor: OwnedDescriptor
    private var reader = InputEventReader()
    private var buffer: [UInt8]

    /// `capacity` in events per read; the kernel's evdev client buffer holds 64 by default.
    public init(descriptor: consuming OwnedDescriptor, capacity: Int = 64) {
        self.descriptor = descriptor
        self.buffer = [UInt8](repeating: 0, count: max(1, capacity) * InputEvent.kernelSize)
    }

    /// Reads once and returns the whole events it completed (possibly none, if a pipe split a record).
    public mutating func read() throws(DeviceError) -> ReadOutcome<[InputEvent]> {
        switch try descriptor.read(into: &buffer) {
        case .wouldBlock: return .wouldBlock
        case .endOfFile: return .endOfFile
        case .data(let count):
            return .data(buffer.withUnsafeBytes { reader.append(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) })
        }
    }

    /// Bytes of an incomplete record left when the stream ended (non-zero means a truncated capture).
    public var pendingByteCount: Int { reader.pendingByteCount }
    public var pendingBytes: [UInt8] { reader.pendingBytes }
}
