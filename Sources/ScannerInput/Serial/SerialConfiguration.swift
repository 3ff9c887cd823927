/// Line settings of a serial scanner or RFID reader, as set on the device's configuration sheet.
public struct SerialConfiguration: Sendable, Hashable {
    public enum DataBits: Sendable, Hashable { case seven, eight }
    public enum Parity: Sendable, Hashable { case none, even, odd }
    public enum StopBits: Sendable, Hashable { case one, two }
    public enum FlowControl: Sendable, Hashable {
        case none
        /// Hardware handshake on the RTS/CTS lines.
        case rtsCts
        /// Software handshake with XON (0x11) / XOFF (0x13); the bytes never reach the framer.
        case xonXoff
    }

    public var baudRate: Int
    public var dataBits: DataBits
    public var parity: Parity
    public var stopBits: StopBits
    public var flowControl: FlowControl

    /// Defaults are the common scanner factory setting, 9600 8N1 without flow control.
    public init(
        baudRate: Int = 9600, dataBits: DataBits = .eight, parity: Parity = .none,
        stopBits: StopBits = .one, flowControl: FlowControl = .none
    ) {
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.flowControl = flowControl
    }
}

/// Bytes written back to a serial scanner after each outcome (beep/LED commands from its manual).
public struct SerialFeedback: Sendable, Hashable {
    public var goodRead: [UInt8]
    public var badRead: [UInt8]

    public init(goodRead: [UInt8] = [], badRead: [UInt8] = []) {
        self.goodRead = goodRead
        self.badRead = badRead
    }
}
