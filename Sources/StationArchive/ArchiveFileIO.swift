#if canImport(Glibc)
import Glibc
#endif

/// The few system calls an append-only archive file needs, with errors that name the file. Written against
/// the C library because the archive must write at an exact offset, cut an uncommitted tail, and flush the
/// file and its folder, which Foundation's FileHandle does not all offer with errors one can act on.
struct ArchiveFileIO: ~Copyable {
    let path: String
    private let descriptor: Int32

    init(path: String, create: Bool) throws(ArchiveError) {
        self.path = path
        let fd = open(path, create ? (O_RDWR | O_CREAT | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC), 0o640)
        guard fd >= 0 else { throw Self.failure("cannot open", path) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    func size() throws(ArchiveError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("cannot stat", path) }
        return Int64(info.st_size)
    }

    func truncate(to length: Int64) throws(ArchiveError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw Self.failure("cannot cut the uncommitted tail of", path) }
    }

    /// Writes all of `bytes` at `offset`, then flushes the file to the disk.
    func writeAndFlush(_ bytes: [UInt8], at offset: Int64) throws(ArchiveError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                pwrite(descriptor, buffer.baseAddress! + written, buffer.count - written, off_t(offset) + off_t(written))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Self.failure("cannot write", path) }
            written += n
        }
        guard fsync(descriptor) == 0 else { throw Self.failure("cannot flush", path) }
    }

    func read(at offset: Int64, count: Int) throws(ArchiveError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + got, count - got, off_t(offset) + off_t(got))
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw Self.failure("cannot read", path) }
            guard n > 0 else { throw ArchiveError("the file ends at \(offset + Int64(got)), before the member's \(count) bytes", path: path) }
            got += n
        }
        return bytes
    }

    /// Flushes a folder, so a file just created in it survives a power cut.
    static func flushFolder(_ path: String) throws(ArchiveError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open the folder", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("cannot flush the folder", path) }
    }

    static func makeFolder(_ path: String) throws(ArchiveError) {
        if mkdir(path, 0o750) != 0 && errno != EEXIST { throw failure("cannot create the archive folder", path) }
    }

    private static func failure(_ what: String, _ path: String) -> ArchiveError {
        ArchiveError("\(what): \(String(cString: strerror(errno)))", path: path)
    }
}
