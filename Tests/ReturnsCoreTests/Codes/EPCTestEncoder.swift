@testable import ReturnsCore

/// Tests-only EPC encoder (the station never writes tags), written from the EPC Tag Data Standard's
/// bit layouts so that decoding can be checked by round trip.
enum EPCTestEncoder {
    /// Encodes an SGTIN-96, SGTIN-198 or SSCC-96 to hex; SGTIN-198 is padded to `hexLength198` characters.
    static func hex(_ tag: EPCTag, hexLength198: Int = 52) -> String {
        let table = tag.scheme == .sscc96 ? EPCPartition.sscc : EPCPartition.sgtin
        let partition = table.firstIndex { $0.companyDigits == tag.companyPrefix.count }!
        var writer = EPCBitWriter()
        writer.write(UInt64(tag.scheme.header), bits: 8)
        writer.write(UInt64(tag.filter), bits: 3)
        writer.write(UInt64(partition), bits: 3)
        writer.write(UInt64(tag.companyPrefix)!, bits: table[partition].companyBits)
        writer.write(UInt64(tag.itemReference)!, bits: table[partition].referenceBits)
        switch tag.scheme {
        case .sgtin96:
            writer.write(UInt64(tag.serial)!, bits: 38)
        case .sgtin198:
            for byte in tag.serial.utf8 { writer.write(UInt64(byte), bits: 7) }
            writer.write(0, bits: 7 * (20 - tag.serial.utf8.count))
        case .sscc96:
            writer.write(0, bits: 24)
        }
        let length = tag.scheme == .sgtin198 ? hexLength198 : 24
        return writer.hex(length: length)
    }

    /// Raw bit fields to hex, for building deliberately broken tags.
    static func hex(fields: [(value: UInt64, bits: Int)], length: Int = 24) -> String {
        var writer = EPCBitWriter()
        for field in fields { writer.write(field.value, bits: field.bits) }
        return writer.hex(length: length)
    }
}

/// Appends big-endian bit fields.
struct EPCBitWriter {
    private(set) var bits: [Bool] = []

    mutating func write(_ value: UInt64, bits count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            bits.append(shift < 64 && (value >> UInt64(shift)) & 1 == 1)
        }
    }

    /// Hex of the bits, zero-padded on the right to `length` hex characters.
    func hex(length: Int) -> String {
        let padded = bits + Array(repeating: false, count: max(0, length * 4 - bits.count))
        return stride(from: 0, to: length * 4, by: 4).map { start in
            let nibble = padded[start..<(start + 4)].reduce(0) { $0 << 1 | ($1 ? 1 : 0) }
            return String(nibble, radix: 16, uppercase: true)
        }.joined()
    }
}
