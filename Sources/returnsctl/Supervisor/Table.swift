import Foundation

/// Plain aligned columns for a terminal.
enum Table {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], min(cell.count, 60)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let clipped = cell.count > 60 ? String(cell.prefix(59)) + "…" : cell
                return i == cells.count - 1 ? clipped : clipped.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: ""
        case let s as String: s
        // JSON booleans arrive as NSNumbers of type "c"; numbers convert to Bool too, so ask the type.
        case let n as NSNumber where String(cString: n.objCType) == "c": n.boolValue ? "yes" : "no"
        case let n as NSNumber: n.stringValue
        case let some?: "\(some)"
        }
    }

    static func time(_ value: Any?) -> String {
        guard let millis = (value as? NSNumber)?.doubleValue else { return "" }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: millis / 1000))
    }

    static func duration(_ value: Any?) -> String {
        let seconds = (value as? NSNumber)?.intValue ?? 0
        return seconds >= 3600 ? "\(seconds / 3600)h\(seconds % 3600 / 60)m" : seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }

    /// A query parameter's value: `&`, `=`, `+` and `#` encoded too.
    static func escapeQueryValue(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#?"))) ?? value
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?"))) ?? segment
    }
}
