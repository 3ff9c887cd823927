import Glibc

/// The one door through which this module calls the kernel: retries `EINTR`, turns `-1` into a
/// ``SystemdError`` carrying `errno`, so no caller sees a bare return code.
enum SystemCall {
    /// Runs a call returning -1 on failure, retrying EINTR.
    @discardableResult
    static func retrying<R: BinaryInteger>(
        _ code: SystemdError.Code, _ operation: String, detail: String = "", remedy: String = "",
        _ call: () -> R
    ) throws(SystemdError) -> R {
        while true {
            let result = call()
            if result != -1 { return result }
            let err = Glibc.errno
            if err == EINTR { continue }
            throw SystemdError(code: code, operation: operation, errno: err, detail: detail, remedy: remedy)
        }
    }

    static func close(_ fd: Int32) {
        // Linux releases the descriptor even when close(2) reports EINTR; retrying could close a reused fd.
        _ = Glibc.close(fd)
    }

    /// Reads an integer socket option (`SO_TYPE`, `SO_DOMAIN`, `SO_ACCEPTCONN`).
    static func socketOption(
        _ fd: Int32, _ option: Int32, _ name: String, code: SystemdError.Code
    ) throws(SystemdError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        try retrying(code, "getsockopt(\(name))", detail: "fd \(fd)") {
            getsockopt(fd, SOL_SOCKET, option, &value, &length)
        }
        return value
    }
}
