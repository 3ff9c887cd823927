import Foundation

/// Reads sales orders from the station's import formats: CSV with the header
/// `order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer`
/// (one row per order line), or JSON: an array of objects with the same keys.
///
/// `unit_price` is a decimal string net of tax; `tax_rate` a percentage (`19`, `7.5`); `serials`
/// separated by `|` (their count must equal `quantity`); `returnable` `true`/`false`; `delivered_on`
/// `YYYY-MM-DD`. All problems are collected; any problem means nothing is imported.
public enum OrderImport {
    public static let columns = ["order", "line", "sku", "gtin", "description", "quantity", "unit_price", "currency",
                                 "tax_rate", "serials", "lot", "returnable", "delivered_on", "return_days", "customer"]
    /// Order lines one file may hold (docs/SECURITY.md, Limits); a larger file is refused once it is split into
    /// records, before any row is validated.
    public static let maximumRows = 500_000
    static let required: Set<String> = ["order", "line", "gtin", "quantity", "unit_price", "currency", "delivered_on", "return_days"]

    /// Parses a file's contents; `format` from the file name (`.json` or anything else as CSV) or content.
    public static func parse(_ data: [UInt8], fileName: String) throws(ImportError) -> [SalesOrder] {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ImportError([.init(line: 1, field: nil, message: "the file is not UTF-8 text")])
        }
        let trimmed = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if fileName.lowercased().hasSuffix(".json") || trimmed.first == "[" { return try parseJSON(text) }
        return try parseCSV(text)
    }

    public static func parseCSV(_ text: String) throws(ImportError) -> [SalesOrder] {
        let records = try CSVReader.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = records.first else { throw ImportError([.init(line: 1, field: nil, message: "the file is empty")]) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems: [ImportError.Problem] = []
        for missing in required.subtracting(names).sorted() {
            problems.append(.init(line: header.line, field: missing, message: "required column is missing from the header"))
        }
        for unknown in names where !columns.contains(unknown) {
            problems.append(.init(line: header.line, field: unknown, message: "unknown column (expected \(columns.joined(separator: ",")))"))
        }
        guard problems.isEmpty else { throw ImportError(problems) }
        guard records.count - 1 <= maximumRows else {
            throw ImportError([.init(line: 1, field: nil, message: "the file has \(records.count - 1) order lines; one import takes at most \(maximumRows): split it")])
        }
        let rows = records.dropFirst().map { record -> (Int, [String: String]) in
            var values: [String: String] = [:]
            for (index, name) in names.enumerated() where index < record.fields.count { values[name] = record.fields[index] }
            if record.fields.count != names.count {
                problems.append(.init(line: record.line, field: nil, message: "has \(record.fields.count) fields, the header has \(names.count)"))
            }
            return (record.line, values)
        }
        return try build(rows, problems: problems)
    }

    public static func parseJSON(_ text: String) throws(ImportError) -> [SalesOrder] {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw ImportError([.init(line: 1, field: nil, message: "not valid JSON: \(error.localizedDescription)")])
        }
        guard let array = parsed as? [Any] else {
            throw ImportError([.init(line: 1, field: nil, message: "expected a JSON array of order-line objects")])
        }
        guard array.count <= maximumRows else {
            throw ImportError([.init(line: 1, field: nil, message: "the file has \(array.count) order lines; one import takes at most \(maximumRows): split it")])
        }
        var problems: [ImportError.Problem] = []
        var rows: [(Int, [String: String])] = []
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else {
                problems.append(.init(line: index + 1, field: nil, message: "record is not an object"))
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in object {
                guard columns.contains(key) else {
                    problems.append(.init(line: index + 1, field: key, message: "unknown field"))
                    continue
                }
                switch value {
                case let s as String: values[key] = s
                case let b as Bool where key == "returnable": values[key] = b ? "true" : "false"
                case let n as NSNumber: values[key] = n.stringValue
                case let list as [Any] where key == "serials": values[key] = list.map { "\($0)" }.joined(separator: "|")
                case is NSNull: break
                default: problems.append(.init(line: index + 1, field: key, message: "unexpected value \(value)"))
                }
            }
            rows.append((index + 1, values))
        }
        return try build(rows, problems: problems)
    }
}
