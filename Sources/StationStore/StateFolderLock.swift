#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// An exclusive `flock(2)` on a file beside the database, held for as long as the store is open.
///
/// Two processes writing one station database would both hand out scan sequences and note numbers, and
/// each would see the other's transactions as SQLITE_BUSY on live scans. The lock file holds the pid of
/// its holder, so the refusal can say who to stop. The kernel drops the lock when the holder dies, even
/// by SIGKILL, so a crashed daemon never leaves the folder locked.
final class StateFolderLock: Sendable {
    let path: String
    private let descriptor: Mutex<Int32>

    /// Takes the lock or throws `.locked` naming the holder.
    init(databasePath: String) throws(StoreError) {
        path = databasePath + ".lock"
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        let writable = fd >= 0
        // In a read-only folder an existing lock file still locks; the store then refuses to open at its first write.
        if fd < 0 { fd = open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            throw StoreError(.cannotOpen, "cannot open the state folder's lock file \(path): \(String(cString: strerror(errno)))", path: databasePath)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = StateFolderLock.holder(fd)
            close(fd)
            guard reason == EWOULDBLOCK else {
                throw StoreError(.cannotOpen, "cannot lock the state folder (\(path)): \(String(cString: strerror(reason)))", path: databasePath)
            }
            let who = holder.map { "process \($0)" + (StateFolderLock.commandLine(of: $0).map { " (\($0))" } ?? "") } ?? "another process"
            throw StoreError(.locked, "the state folder is in use by \(who): stop it first, or import orders through the running "
                             + "service with `returnsctl import-orders FILE`", path: databasePath)
        }
        // (A holder that could open the file only read-only leaves the previous pid in it; it cannot write one.)
        if writable {
            let text = "\(getpid())\n"
            _ = ftruncate(fd, 0)
            _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        }
        descriptor = Mutex(fd)
    }

    /// Lets the next holder in; idempotent.
    func release() {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }

    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `returnsd run --config …`, so the message says which program to stop.
    private static func commandLine(of pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard let first = words.first else { return nil }
        return ([(first as NSString).lastPathComponent] + words.dropFirst()).joined(separator: " ")
    }
}
