/// Parses reader report lines (one EPC per line, framed by ``SerialFramer``) with a ``RFIDReportFormat``.
public struct RFIDReportParser: Sendable {
    public let format: RFIDReportFormat

    public init(format: RFIDReportFormat) {
        self.format = format
    }

    /// Parses one line without its terminator.
    public func parse(_ line: [UInt8]) throws(RFIDReportError) -> EPCRead {
        var fields: [RFIDReportFormat.Field: ArraySlice<UInt8>] = [:]
        var position = line.startIndex
        var pieces = format.pieces[...]
        while let piece = pieces.popFirst() {
            switch piece {
            case .literal(let text):
                // The line may stop before the optional trailing fields.
                if position == line.endIndex && fields[.epc] != nil { break }
                guard line[position...].starts(with: text) else {
                    throw RFIDReportError(line: line, column: position, problem: "expected \"\(String(decoding: text, as: UTF8.self))\"")
                }
                position += text.count
            case .field(let field):
                let end: Int
                if case .literal(let next)? = pieces.first {
                    end = Self.firstRange(of: next, in: line, from: position) ?? line.endIndex
                } else {
                    end = line.endIndex
                }
                fields[field] = line[position..<end]
                position = end
            }
        }
        guard position == line.endIndex else {
            throw RFIDReportError(line: line, column: position, problem: "unexpected text after the report")
        }
        return try read(from: fields, line: line)
    }

    private func read(
        from fields: [RFIDReportFormat.Field: ArraySlice<UInt8>], line: [UInt8]
    ) throws(RFIDReportError) -> EPCRead {
        let epcText = Self.trimmed(fields[.epc] ?? [])
        guard let epc = Self.normalisedEPC(epcText) else {
            throw RFIDReportError(line: line, column: epcText.startIndex, problem: "EPC is not hex in whole 16-bit words")
        }
        var read = EPCRead(epc: epc)
        if let text = fields[.antenna].map(Self.trimmed), !text.isEmpty {
            guard let antenna = Int(String(decoding: text, as: UTF8.self)) else {
                throw RFIDReportError(line: line, column: text.startIndex, problem: "antenna is not a number")
            }
            read.antenna = antenna
        }
        if let text = fields[.rssi].map(Self.trimmed), !text.isEmpty {
            guard let rssi = Double(String(decoding: text, as: UTF8.self)) else {
                throw RFIDReportError(line: line, column: text.startIndex, problem: "RSSI is not a number")
            }
            read.rssi = rssi
        }
        return read
    }

    /// Uppercase hex without an optional `0x`; EPCs are whole 16-bit words, 1 to 31 of them.
    static func normalisedEPC(_ text: ArraySlice<UInt8>) -> String? {
        var hex = text
        if hex.starts(with: Array("0x".utf8)) || hex.starts(with: Array("0X".utf8)) { hex = hex.dropFirst(2) }
        guard !hex.isEmpty, hex.count % 4 == 0, hex.count <= 124 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(hex.count)
        for byte in hex {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "F"): out.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): out.append(byte - 0x20)
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        return text[first...last]
    }

    static func firstRange(of needle: [UInt8], in line: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, line.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= line.count {
            if line[i] == needle[0] && line[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

/// A report line that does not fit the configured format.
public struct RFIDReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending line as received.
    public var line: [UInt8]
    /// Byte offset where parsing failed.
    public var column: Int
    public var problem: String

    public var description: String {
        "RFID report \"\(String(decoding: line, as: UTF8.self))\" at column \(column): \(problem)"
    }
}
