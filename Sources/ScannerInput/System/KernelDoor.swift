import Glibc

/// The one door through which this module calls the kernel on a file descriptor.
///
/// Every call retries `EINTR` and turns failure into a ``DeviceError`` carrying `errno` and the path,
/// so callers never see a bare `-1`. `EAGAIN` on a non-blocking descriptor is not an error: reads
/// return `nil` then.
enum KernelDoor {
    static func open(_ path: String, flags: Int32) throws(DeviceError) -> Int32 {
        try retrying(.open, path, "open") { Glibc.open(path, flags) }
    }

    static func close(_ fd: Int32) {
        // Linux closes the descriptor even when close(2) reports EINTR; retrying could close a reused fd.
        _ = Glibc.close(fd)
    }

    /// Reads up to `buffer.count` bytes; returns `nil` when a non-blocking descriptor has nothing, `0` at EOF.
    static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String
    ) throws(DeviceError) -> Int? {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            let err = Glibc.errno
            if err == EINTR { continue }
            if err == EAGAIN || err == EWOULDBLOCK { return nil }
            throw DeviceError(code: .read, path: path, operation: "read", errno: err)
        }
    }

    /// Writes all of `bytes`, waiting for the descriptor to drain when it would block, but no longer than
    /// `timeoutMillis` in all: a tty whose other end stopped reading (CTS held low, a hung scanner) must not
    /// hold the thread that also reads the device's scans. On timeout what is queued for output is discarded
    /// (`tcflush`, harmless on a descriptor that is not a tty) and the write fails with ETIMEDOUT.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String, timeoutMillis: Int = 500) throws(DeviceError) {
        var offset = 0
        let deadline = ContinuousClock.now + .milliseconds(timeoutMillis)
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n >= 0 {
                offset += n
                continue
            }
            let err = Glibc.errno
            if err == EINTR { continue }
            if err == EAGAIN || err == EWOULDBLOCK {
                let left = deadline - ContinuousClock.now
                guard left > .zero else {
                    _ = tcflush(fd, TCOFLUSH)
                    throw DeviceError(code: .write, path: path, operation: "write (\(offset) of \(bytes.count) bytes in \(timeoutMillis) ms)",
                                      errno: ETIMEDOUT)
                }
                let waitMillis = (min(left, .milliseconds(100)) / .milliseconds(1)).rounded(.up)
                _ = try poll(fd, events: Int16(POLLOUT), timeoutMillis: Int32(waitMillis), path: path)
                continue
            }
            throw DeviceError(code: .write, path: path, operation: "write", errno: err)
        }
    }

    /// ioctl with a pointer argument (the `_IOR`/`_IOW` requests this module uses).
    static func ioctl(
        _ fd: Int32, _ request: UInt, _ name: String, _ argument: UnsafeMutableRawPointer, path: String
    ) throws(DeviceError) -> Int32 {
        try retrying(.ioctl, path, "ioctl(\(name))") { Glibc.ioctl(fd, request, argument) }
    }

    /// ioctl with an integer argument (`EVIOCGRAB` takes its flag by value, not by pointer).
    static func ioctl(
        _ fd: Int32, _ request: UInt, _ name: String, value: Int32, path: String
    ) throws(DeviceError) -> Int32 {
        try retrying(.ioctl, path, "ioctl(\(name))") { Glibc.ioctl(fd, request, value) }
    }

    /// Waits until `fd` is ready for `events`, or `wake` (when not -1, which poll skips) is readable; true when `fd`
    /// is ready (or hung up, or failed), false on timeout or a wake-up alone.
    static func poll(
        _ fd: Int32, events: Int16, orWake wake: Int32 = -1, timeoutMillis: Int32, path: String
    ) throws(DeviceError) -> Bool {
        var entries = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        _ = try retrying(.poll, path, "poll") { Glibc.poll(&entries, 2, timeoutMillis) }
        return entries[0].revents != 0
    }

    /// Runs a call returning -1 on failure, retrying EINTR.
    static func retrying(
        _ code: DeviceError.Code, _ path: String, _ operation: String, _ call: () -> Int32
    ) throws(DeviceError) -> Int32 {
        while true {
            let result = call()
            if result != -1 { return result }
            let err = Glibc.errno
            if err == EINTR { continue }
            throw DeviceError(code: code, path: path, operation: operation, errno: err)
        }
    }
}
