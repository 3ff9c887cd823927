import ReturnsCore

extension StationConfiguration {
    /// `properties = ["KEY=VALUE", …]`: KEY is a udev property name (letters, digits, `_`), VALUE is not empty
    /// (udev unsets a property set to ""), so neither `"="` nor `"=X"` can slip through to mean something else.
    static func udevProperties(_ r: inout TableReader) throws(ConfigError) -> [String: String] {
        var properties: [String: String] = [:]
        for entry in try r.strings("properties") ?? [] {
            guard let equals = entry.firstIndex(of: "=") else { throw r.fail("properties", "'\(entry)' must read KEY=VALUE") }
            let key = String(entry[..<equals]), value = String(entry[entry.index(after: equals)...])
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw r.fail("properties", "'\(entry)': the part before = must be a udev property name (letters, digits, _)")
            }
            guard !value.isEmpty else { throw r.fail("properties", "'\(entry)': the value after = is empty (udev never sets an empty property)") }
            guard properties.updateValue(value, forKey: key) == nil else { throw r.fail("properties", "'\(entry)': \(key) is named twice") }
        }
        return properties
    }

    static func device(_ table: TOMLDocument.Table) throws(ConfigError) -> DeviceConfiguration {
        var r = TableReader(table, name: "device")
        guard let id = try r.string("id") else { throw ConfigError(line: table.line, key: "device.id", reason: "every [[device]] needs an id") }
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
            throw r.fail("id", "'\(id)' must be 1–64 letters, digits or -_.:")
        }
        guard let kind = try r.choice("kind", Dictionary(uniqueKeysWithValues: DeviceKind.allCases.map { ($0.rawValue, $0) })) else {
            throw ConfigError(line: table.line, key: "device.kind", reason: "device \(id) needs kind = one of \(DeviceKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let match = DeviceMatch(
            vendorID: try hexID(&r, "vendor_id"), productID: try hexID(&r, "product_id"), name: try r.string("name"),
            properties: try udevProperties(&r), serialNumber: try r.string("serial_number"))
        let path = try r.string("path")
        if path == nil && (match.isEmpty || kind == .lines) {
            throw ConfigError(line: table.line, key: "device.path", reason: kind == .lines
                ? "device \(id): a lines device needs path (a FIFO, a file, or - for standard input)"
                : "device \(id) needs a path or something to match (vendor_id, product_id, name, properties, serial_number)")
        }
        let terminators = try r.strings("terminators") ?? ["enter", "keypad-enter"]
        for t in terminators where !["enter", "keypad-enter", "tab"].contains(t) {
            throw r.fail("terminators", "'\(t)' is not enter, keypad-enter or tab")
        }
        let keyboard = KeyboardOptions(
            layout: try r.string("layout", default: "us"), variant: try r.string("variant", default: ""),
            options: try r.string("options", default: ""), grab: try r.boolean("grab") ?? true, terminators: terminators,
            interKeyTimeoutMillis: try r.integer("inter_key_timeout_ms", in: 5...10_000) ?? 200,
            maxLength: try r.integer("max_length", in: 16...8192) ?? 1024)
        let serial = SerialOptions(
            baud: try baudRate(&r),
            dataBits: try r.integer("data_bits", in: 7...8) ?? 8,
            parity: try r.choice("parity", ["none": "none", "even": "even", "odd": "odd"]) ?? "none",
            stopBits: try r.integer("stop_bits", in: 1...2) ?? 1,
            flowControl: try r.choice("flow_control", ["none": "none", "rtscts": "rtscts", "xonxoff": "xonxoff"]) ?? "none",
            framing: try r.choice("framing", ["cr": "cr", "lf": "lf", "crlf": "crlf", "stx-etx": "stx-etx"]) ?? "cr",
            maxLength: keyboard.maxLength)
        let device = DeviceConfiguration(
            id: id, kind: kind, path: path, match: match, lane: try r.string("lane"), keyboard: keyboard, serial: serial,
            rfidFormat: try r.string("rfid_format", default: "{epc}"), goodReadBytes: try r.hexBytes("good_read"),
            badReadBytes: try r.hexBytes("bad_read"))
        try r.finish()
        return device
    }

    static let baudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400]

    /// `baud = 9600`; only the standard rates termios can set.
    private static func baudRate(_ r: inout TableReader) throws(ConfigError) -> Int {
        guard let n = try r.integer("baud", in: 1...4_000_000) else { return 9600 }
        guard baudRates.contains(n) else {
            throw r.fail("baud", "\(n) is not a standard rate (\(baudRates.map(String.init).joined(separator: ", ")))")
        }
        return n
    }

    private static func hexID(_ r: inout TableReader, _ key: String) throws(ConfigError) -> String? {
        guard let text = try r.string(key)?.lowercased() else { return nil }
        guard text.count == 4, text.allSatisfy(\.isHexDigit) else { throw r.fail(key, "'\(text)' is not 4 hex digits like \"0c2e\"") }
        return text
    }
}
