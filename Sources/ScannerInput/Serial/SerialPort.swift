import Glibc

/// An opened serial scanner or RFID reader (`/dev/ttyACM*`, `/dev/ttyUSB*`), in raw mode with the
/// configured line settings. Tested through pseudo-terminals, which accept the same termios calls.
public struct SerialPort: ~Copyable {
    public let descriptor: OwnedDescriptor
    private var buffer = [UInt8](repeating: 0, count: 4096)

    /// Opens `path` without making it the controlling terminal and applies `configuration`.
    public static func open(path: String, configuration: SerialConfiguration) throws(DeviceError) -> SerialPort {
        let descriptor = try OwnedDescriptor.open(path, flags: O_RDWR | O_NOCTTY | O_NONBLOCK)
        try Termios.apply(configuration, to: descriptor.fd, path: path)
        return SerialPort(descriptor: descriptor)
    }

    private init(descriptor: consuming OwnedDescriptor) {
        self.descriptor = descriptor
    }

    /// Reads what has arrived. A vanished USB adapter shows as `.endOfFile` or an `EIO` error.
    public mutating func read() throws(DeviceError) -> ReadOutcome<[UInt8]> {
        switch try descriptor.read(into: &buffer) {
        case .wouldBlock: return .wouldBlock
        case .endOfFile: return .endOfFile
        case .data(let count): return .data(Array(buffer.prefix(count)))
        }
    }

    /// Writes operator feedback (e.g. ``SerialFeedback/goodRead``); empty sequences write nothing.
    public func write(_ bytes: [UInt8]) throws(DeviceError) {
        guard !bytes.isEmpty else { return }
        try descriptor.write(bytes)
    }
}
