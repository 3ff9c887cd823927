import Glibc

/// An open file descriptor with its path, closed exactly once when the owner goes away.
///
/// Noncopyable so two owners can never close the same descriptor; `Sendable` because moving the
/// sole owner to another task is safe (it holds only the number and the path).
public struct OwnedDescriptor: ~Copyable, Sendable {
    public let fd: Int32
    /// Device node (or a description such as `pipe`) used in every error.
    public let path: String

    /// Takes ownership of an already open descriptor (a pipe or pty end in tests, a node opened here).
    public init(adopting fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Opens `path` with `flags` (`O_CLOEXEC` is always added: readers must not leak into hooks).
    public static func open(_ path: String, flags: Int32) throws(DeviceError) -> OwnedDescriptor {
        OwnedDescriptor(adopting: try KernelDoor.open(path, flags: flags | O_CLOEXEC), path: path)
    }

    deinit { KernelDoor.close(fd) }

    /// Reads what is available into `buffer` (its count is the most that is read).
    public func read(into buffer: inout [UInt8]) throws(DeviceError) -> ReadOutcome<Int> {
        // withUnsafeMutableBytes only rethrows untyped errors, so the typed error travels in a Result.
        let count = try buffer.withUnsafeMutableBytes { raw in
            Result { () throws(DeviceError) in try KernelDoor.read(fd, into: raw, path: path) }
        }.get()
        switch count {
        case nil: return .wouldBlock
        case 0?: return .endOfFile
        case let n?: return .data(n)
        }
    }

    public func write(_ bytes: [UInt8]) throws(DeviceError) {
        try KernelDoor.writeAll(fd, bytes, path: path)
    }

    /// Waits up to `timeoutMillis` (−1: forever) for data; `false` on timeout. Lets a reader thread
    /// wake in time to call a decoder's `tick(now:)`.
    public func waitReadable(timeoutMillis: Int32) throws(DeviceError) -> Bool {
        try KernelDoor.poll(fd, events: Int16(POLLIN), timeoutMillis: timeoutMillis, path: path)
    }

    /// Like `waitReadable`, and also returns (false) as soon as `wake` is readable: another thread has
    /// something for this one to do, such as bytes to write back to the device.
    public func waitReadable(timeoutMillis: Int32, orWake wake: Int32) throws(DeviceError) -> Bool {
        try KernelDoor.poll(fd, events: Int16(POLLIN), orWake: wake, timeoutMillis: timeoutMillis, path: path)
    }
}

/// What one read from a device produced.
public enum ReadOutcome<Value> {
    case data(Value)
    /// Non-blocking descriptor with nothing to read yet.
    case wouldBlock
    /// The other end is gone (device unplugged, pipe or pty writer closed).
    case endOfFile
}

extension ReadOutcome: Sendable where Value: Sendable {}
extension ReadOutcome: Equatable where Value: Equatable {}
