import Glibc

/// A libudev call that failed, with what a technician needs to act on it.
///
/// libudev reports failure as `NULL` or a negative errno; both end up here with the operation and
/// the subsystem or path involved.
public struct DiscoveryError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        private init(_ description: String) { self.description = description }

        /// `udev_new` failed (out of memory, or libudev could not read its configuration).
        public static let context = Code("udev context")
        /// Enumerating `/sys` failed (is `/sys` mounted?).
        public static let enumerate = Code("enumerate")
        /// Creating, filtering or binding the netlink monitor failed (no netlink in this namespace?).
        public static let monitor = Code("monitor")
    }

    public var code: Code
    /// The libudev function that failed, e.g. `udev_monitor_enable_receiving`.
    public var operation: String
    /// Subsystem, syspath or netlink group involved.
    public var subject: String
    public var errno: Int32?

    public init(code: Code, operation: String, subject: String, errno: Int32? = nil) {
        self.code = code
        self.operation = operation
        self.subject = subject
        self.errno = errno
    }

    public var description: String {
        var text = "\(code) failed: \(operation) for \(subject)"
        if let errno {
            text += ": \(String(cString: strerror(errno))) (errno \(errno))"
        }
        return text
    }
}
