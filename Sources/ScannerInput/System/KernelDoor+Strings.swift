/// String-returning ioctls (`EVIOCGNAME`, `HIDIOCGRAWNAME`, …) share one shape: a length-encoded
/// request filling a NUL-terminated buffer.
extension KernelDoor {
    static let stringCapacity: UInt32 = 256

    /// Runs a string ioctl; `optional` turns "not supported / not set" errors into `nil`.
    static func ioctlString(
        _ fd: Int32, _ request: UInt, _ name: String, path: String, optional: Bool = false
    ) throws(DeviceError) -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(stringCapacity))
        // withUnsafeMutableBytes only rethrows untyped errors, so the typed error travels in a Result.
        let result = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(DeviceError) in try ioctl(fd, request, name, raw.baseAddress!, path: path) }
        }
        if case .failure(let error) = result {
            if optional { return nil }
            throw error
        }
        let text = buffer.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }
}
