extension HIDReportDescriptor {
    /// Parses `bytes` as returned by `HIDIOCGRDESC`.
    public static func parse(_ bytes: [UInt8]) throws(HIDDescriptorError) -> HIDReportDescriptor {
        var parser = Parser()
        var offset = 0
        while offset < bytes.count {
            let prefix = bytes[offset]
            if prefix == 0xFE {
                // Long item: size byte, tag byte, data. No standard long items exist; skip them.
                guard offset + 2 < bytes.count else { throw error(.truncatedItem, at: offset, in: bytes) }
                offset += 3 + Int(bytes[offset + 1])
                continue
            }
            let size = [0, 1, 2, 4][Int(prefix & 0x03)]
            guard offset + size < bytes.count else { throw error(.truncatedItem, at: offset, in: bytes) }
            var data: UInt32 = 0
            for i in 0..<size { data |= UInt32(bytes[offset + 1 + i]) << (8 * i) }
            let item = Item(type: (prefix >> 2) & 0x03, tag: prefix >> 4, data: data, size: size)
            if let code = parser.apply(item) { throw error(code, at: offset, in: bytes) }
            offset += 1 + size
        }
        return HIDReportDescriptor(inputFields: parser.inputs, applicationCollections: parser.applications)
    }

    private static func error(_ code: HIDDescriptorError.Code, at offset: Int, in bytes: [UInt8]) -> HIDDescriptorError {
        HIDDescriptorError(code: code, offset: offset, bytes: Array(bytes[offset..<min(bytes.count, offset + 8)]))
    }

    private struct Item {
        var type: UInt8, tag: UInt8, data: UInt32, size: Int
    }

    /// The HID parser state machine (HID 1.11 §6.2.2): globals with a push/pop stack, locals reset
    /// after every main item, and the collection stack.
    private struct Parser {
        struct Globals { var usagePage: UInt16 = 0, reportSize = 0, reportCount = 0, reportID: UInt8 = 0 }
        var globals = Globals()
        var globalStack: [Globals] = []
        var usages: [UInt32] = []
        var usageMinimum: UInt32?
        var collections: [Usage] = []
        var inputs: [InputField] = []
        var applications: [Usage] = []

        /// Input bits declared so far per report id, to refuse a report hidraw could never deliver.
        var inputBitsByReport: [UInt8: Int] = [:]

        static let maximumReportSize = 256, maximumReportCount = 12_288, maximumReportBytes = 16_384

        /// Returns what is wrong with the item, or nil when it applied.
        mutating func apply(_ item: Item) -> HIDDescriptorError.Code? {
            switch item.type {
            case 0: return main(item)
            case 1: return global(item)
            case 2: local(item); return nil
            default: return nil  // reserved item type: ignore
            }
        }

        mutating func main(_ item: Item) -> HIDDescriptorError.Code? {
            defer { usages.removeAll(); usageMinimum = nil }
            switch item.tag {
            case 0x8:  // Input
                // Both factors are bounded by `global`, so the product cannot overflow.
                let bits = globals.reportSize * globals.reportCount
                let total = inputBitsByReport[globals.reportID, default: 0] + bits
                guard total <= Self.maximumReportBytes * 8 else { return .reportTooLong }
                inputBitsByReport[globals.reportID] = total
                inputs.append(InputField(
                    reportID: globals.reportID, bitCount: bits,
                    usages: usages.map(resolve), collections: collections))
            case 0xA:  // Collection
                let usage = usages.first.map(resolve) ?? Usage(page: globals.usagePage, id: 0)
                if collections.isEmpty && item.data == 0x01 { applications.append(usage) }
                collections.append(usage)
            case 0xC:  // End Collection
                guard collections.popLast() != nil else { return .unbalanced }
            default:  // Output, Feature: not needed to read scans
                break
            }
            return nil
        }

        mutating func global(_ item: Item) -> HIDDescriptorError.Code? {
            switch item.tag {
            case 0x0: globals.usagePage = UInt16(truncatingIfNeeded: item.data)
            case 0x7:
                guard item.data <= Self.maximumReportSize else { return .fieldTooLarge }
                globals.reportSize = Int(item.data)
            case 0x8: globals.reportID = UInt8(truncatingIfNeeded: item.data)
            case 0x9:
                guard item.data <= Self.maximumReportCount else { return .fieldTooLarge }
                globals.reportCount = Int(item.data)
            case 0xA: globalStack.append(globals)
            case 0xB:
                guard let top = globalStack.popLast() else { return .unbalanced }
                globals = top
            default: break
            }
            return nil
        }

        mutating func local(_ item: Item) {
            // A 4-byte usage carries its own page; shorter ones take the current usage page.
            let usage = item.size == 4 ? item.data : UInt32(globals.usagePage) << 16 | item.data
            switch item.tag {
            case 0x0: usages.append(usage)
            case 0x1: usageMinimum = usage
            case 0x2:
                if let minimum = usageMinimum, usage >= minimum, usage - minimum < 1024 {
                    usages.append(contentsOf: minimum...usage)
                }
            default: break
            }
        }

        func resolve(_ usage: UInt32) -> Usage {
            Usage(page: UInt16(usage >> 16), id: UInt16(truncatingIfNeeded: usage))
        }
    }
}
