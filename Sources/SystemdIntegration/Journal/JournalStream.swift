import Glibc

/// The `JOURNAL_STREAM` variable: device and inode of the stream systemd connected stdout/stderr to.
///
/// systemd sets it for services whose output goes to the journal. Comparing it with `fstat` of our own
/// stderr tells whether stderr is still that stream — it is not after a shell redirect, or in a child
/// that inherited the variable but not the descriptor (see systemd.exec(5), "JOURNAL_STREAM").
public struct JournalStream: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// Parses `DEVICE:INODE` (both decimal); `nil` for anything else — a bad value only means "not the journal".
    public init?(parsing value: String) {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
        self.init(device: device, inode: inode)
    }

    /// The stream `environment` names, if any.
    public static func fromEnvironment(_ environment: [String: String]) -> JournalStream? {
        environment["JOURNAL_STREAM"].flatMap(JournalStream.init(parsing:))
    }

    /// The device and inode of `fileDescriptor`, or `nil` when it is not open.
    public static func of(fileDescriptor: Int32) -> JournalStream? {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { return nil }
        return JournalStream(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Whether `fileDescriptor` is this stream.
    public func matches(fileDescriptor: Int32) -> Bool {
        JournalStream.of(fileDescriptor: fileDescriptor) == self
    }
}
