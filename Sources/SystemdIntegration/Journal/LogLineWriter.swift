import Glibc
import Synchronization

/// Writes whole log lines to one descriptor, one line at a time across all threads.
///
/// Shared by every ``JournaldLogHandler`` copy (handlers are values; the stream is not). The mutex keeps
/// lines from interleaving when a line needs more than one write(2), e.g. on a full pipe.
public final class LogLineWriter: Sendable {
    public let fileDescriptor: Int32
    public let format: LogLineFormat
    /// Sockets are written with `send(MSG_NOSIGNAL)`: a journald that went away must not kill us with SIGPIPE.
    private let isSocket: Bool
    private let lock = Mutex<Void>(())

    public init(fileDescriptor: Int32, format: LogLineFormat) {
        self.fileDescriptor = fileDescriptor
        self.format = format
        var info = stat()
        isSocket = fstat(fileDescriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK
    }

    /// Journal format when `fileDescriptor` is the stream `JOURNAL_STREAM` names, plain otherwise.
    public static func detecting(fileDescriptor: Int32, environment: [String: String]) -> LogLineWriter {
        let journal = JournalStream.fromEnvironment(environment)?.matches(fileDescriptor: fileDescriptor) ?? false
        return LogLineWriter(fileDescriptor: fileDescriptor, format: journal ? .journal : .plain)
    }

    /// stderr, in the format its `JOURNAL_STREAM` calls for; decided once, at first use.
    public static let standardError = detecting(
        fileDescriptor: STDERR_FILENO, environment: ProcessEnvironment.values(["JOURNAL_STREAM"]))

    /// Writes `line` completely, or drops the rest on an error: logging must never stop the daemon.
    public func write(_ line: String) {
        var bytes = Array(line.utf8)
        lock.withLock { _ in
            bytes.withUnsafeMutableBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let pointer = raw.baseAddress! + offset
                    let count = raw.count - offset
                    let n = isSocket ? send(fileDescriptor, pointer, count, Int32(MSG_NOSIGNAL))
                                     : Glibc.write(fileDescriptor, pointer, count)
                    if n > 0 { offset += n; continue }
                    let err = errno
                    if n < 0 && err == EINTR { continue }
                    if n < 0 && (err == EAGAIN || err == EWOULDBLOCK) {
                        var entry = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                        if poll(&entry, 1, 1_000) > 0 { continue }
                    }
                    return
                }
            }
        }
    }
}
