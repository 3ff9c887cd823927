import Glibc

/// A failed system call on a device, with what a technician needs to act on it.
///
/// ```swift
/// do { _ = try EvdevDevice.open(path: "/dev/input/event3") }
/// catch let error as DeviceError where error.errno == EACCES { /* udev rule / group missing */ }
/// ```
public struct DeviceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an extensible code (new codes do not break callers' `switch`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        public static let open = Code("open")
        public static let read = Code("read")
        public static let write = Code("write")
        public static let ioctl = Code("ioctl")
        public static let poll = Code("poll")
        public static let termios = Code("termios")
        /// The device answered, but with something this module cannot use (e.g. a bad descriptor size).
        public static let unexpectedReply = Code("unexpected reply")
        /// The configuration asks for something the platform does not offer (e.g. an unknown baud rate).
        public static let unsupportedSetting = Code("unsupported setting")
        /// The keymap could not be compiled from the given layout names.
        public static let keymap = Code("keymap")
    }

    public var code: Code
    /// Device node or other path involved, e.g. `/dev/input/event3`.
    public var path: String
    /// The failing call, e.g. `ioctl(EVIOCGRAB)`.
    public var operation: String
    /// `errno` after the call, or `nil` when the failure was not a system call error.
    public var errno: Int32?

    public init(code: Code, path: String, operation: String, errno: Int32? = nil) {
        self.code = code
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        var text = "\(code) failed: \(operation) on \(path)"
        if let errno {
            text += ": \(String(cString: strerror(errno))) (errno \(errno))"
        }
        return text
    }
}
