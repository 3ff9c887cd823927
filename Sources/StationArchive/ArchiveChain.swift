import Crypto

/// The checksum chain of an archive file. Each line is `head json`, where `head` is the SHA-256 (hex) of the
/// previous line's head, a space, and this line's JSON; the first line chains from a seed named after the
/// file. Changing, removing or reordering any record breaks every head after it, and the store keeps the
/// head at the end of each member, so a file cut short is caught too.
enum ArchiveChain {
    static func seed(file: String) -> String {
        hex(SHA256.hash(data: Array("returnstation-journal-archive-v1 \(file)".utf8)))
    }

    static func next(after previous: String, json: some Collection<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: [UInt8(ascii: " ")])
        hasher.update(data: Array(json))
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
