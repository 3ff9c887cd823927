extension EPCTag {
    /// Decodes EPC memory as hex: SGTIN-96 (header 0x30), SGTIN-198 (0x36) and SSCC-96 (0x31).
    ///
    /// Other headers throw `unsupportedEPCHeader` naming the scheme. Unused trailing bits (SSCC-96's
    /// 24 reserved bits, SGTIN-198's padding) are not checked, since readers differ in what they report.
    public static func decode(hex: some StringProtocol) throws(CodeError) -> EPCTag {
        let text = String(hex)
        let bytes = try hexBytes(text)
        let header = bytes[0]
        guard let scheme = EPCScheme(header: header) else {
            let name = EPCScheme.otherHeaderNames[header].map { " (\($0))" } ?? ""
            throw CodeError(
                .unsupportedEPCHeader,
                "EPC header 0x\(hexByte(header))\(name) is not supported; only SGTIN-96, SGTIN-198 and SSCC-96 are.",
                text: text)
        }
        guard scheme.hexLengths.contains(text.utf8.count) else {
            let lengths = scheme.hexLengths.map(String.init).joined(separator: " or ")
            throw CodeError(
                .invalidHex,
                "\(scheme.rawValue.uppercased()) EPC \(text) has \(text.utf8.count) hex characters; expected \(lengths).",
                text: text)
        }
        var reader = EPCBitReader(bytes: bytes)
        _ = reader.read(8)
        let filter = Int(reader.read(3))
        let partitionValue = Int(reader.read(3))
        let table = scheme.isSGTIN ? EPCPartition.sgtin : EPCPartition.sscc
        guard partitionValue < table.count else {
            throw CodeError(
                .invalidEPC, "EPC \(text) has partition value \(partitionValue); only 0 to 6 exist.", text: text)
        }
        let partition = table[partitionValue]
        let company = try decimal(
            reader.read(partition.companyBits), digits: partition.companyDigits, field: "company prefix", in: text)
        let reference = try decimal(
            reader.read(partition.referenceBits), digits: partition.referenceDigits,
            field: scheme.isSGTIN ? "item reference" : "serial reference", in: text)
        let serial: String =
            switch scheme {
            case .sgtin96: String(reader.read(38))
            case .sgtin198: try readSerial198(&reader, in: text)
            case .sscc96: ""
            }
        return EPCTag(scheme: scheme, filter: filter, companyPrefix: company, itemReference: reference, serial: serial)
    }

    /// Hex text to bytes; throws `invalidHex` for a non-hex character or an odd or too-short length.
    private static func hexBytes(_ text: String) throws(CodeError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        if let bad = utf8.firstIndex(where: { !$0.isASCIIHexDigit }) {
            let (character, position) = text.character(atUTF8Offset: bad)
            throw CodeError(
                .invalidHex,
                "EPC \(text.debugDescription) has non-hex \(String(character).debugDescription) at position \(position).",
                text: text)
        }
        guard utf8.count >= 2, utf8.count % 2 == 0 else {
            throw CodeError(
                .invalidHex, "EPC \(text.debugDescription) has \(utf8.count) hex characters; a tag has whole bytes.",
                text: text)
        }
        return stride(from: 0, to: utf8.count, by: 2).map { utf8[$0].hexValue << 4 | utf8[$0 + 1].hexValue }
    }

    /// A field as zero-padded decimal; a value with more digits than the partition allows is invalid.
    private static func decimal(_ value: UInt64, digits: Int, field: String, in text: String) throws(CodeError)
        -> String
    {
        let decimal = String(value)
        guard decimal.count <= digits else {
            throw CodeError(
                .invalidEPC, "EPC \(text) has \(field) \(decimal), longer than the partition's \(digits) digits.",
                text: text)
        }
        return String(repeating: "0", count: digits - decimal.count) + decimal
    }

    /// SGTIN-198 serial: up to twenty 7-bit characters from GS1 CSET 82, ended by a zero character.
    private static func readSerial198(_ reader: inout EPCBitReader, in text: String) throws(CodeError) -> String {
        var serial: [UInt8] = []
        var ended = false
        for _ in 0..<20 {
            let character = UInt8(reader.read(7))
            if character == 0 {
                ended = true
            } else if ended {
                throw CodeError(.invalidEPC, "EPC \(text) has serial characters after the serial's end.", text: text)
            } else if !GS1CharacterSet.isCSET82(character) {
                throw CodeError(
                    .invalidCharacter,
                    "EPC \(text) has serial character 0x\(hexByte(character)), which is not in GS1 CSET 82.",
                    text: text)
            } else {
                serial.append(character)
            }
        }
        guard !serial.isEmpty else {
            throw CodeError(.invalidEPC, "SGTIN-198 EPC \(text) has an empty serial.", text: text)
        }
        return String(decoding: serial, as: UTF8.self)
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 16 ? "0" + digits : digits
    }
}
