import Foundation

/// A tiny udev rules parser for the rules-file checks: one rule per line (continuations joined),
/// each a comma-separated list of `KEY[{attr}] op "value"` as udev(7) defines them.
struct UdevRuleLine {
    struct Item: Equatable {
        var key: String
        var attribute: String?
        var op: String
        var value: String
    }

    var number: Int
    var items: [Item]

    static let operators = ["==", "!=", "+=", "-=", ":=", "="]
    /// Keys that only compare (udev(7) "match keys").
    static let matchKeys: Set<String> = [
        "ACTION", "DEVPATH", "KERNEL", "KERNELS", "NAME", "SYMLINK", "SUBSYSTEM", "SUBSYSTEMS", "DRIVER", "DRIVERS",
        "ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "TAG", "TAGS", "TEST", "PROGRAM", "RESULT",
    ]
    /// Keys that only assign.
    static let assignKeys: Set<String> = [
        "NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR", "SYSCTL", "ENV", "TAG", "RUN", "LABEL",
        "GOTO", "IMPORT", "OPTIONS",
    ]

    /// Parses `text` into rule lines; throws with the line number on anything it cannot read.
    static func parse(_ text: String) throws -> [UdevRuleLine] {
        var rules: [UdevRuleLine] = []
        var pending = "", start = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (line.isEmpty || line.hasPrefix("#")) { continue }
            if pending.isEmpty { start = index + 1 }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            pending += line
            rules.append(UdevRuleLine(number: start, items: try items(pending, line: start)))
            pending = ""
        }
        return rules
    }

    private static func items(_ text: String, line: Int) throws -> [Item] {
        var items: [Item] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard !rest.isEmpty else { break }
            let keyEnd = rest.firstIndex { !($0.isUppercase || $0 == "_" || $0.isNumber) } ?? rest.endIndex
            let key = String(rest[..<keyEnd])
            rest = rest[keyEnd...]
            var attribute: String?
            if rest.first == "{" {
                guard let close = rest.firstIndex(of: "}") else { throw Failure(line: line, text: text) }
                attribute = String(rest[rest.index(after: rest.startIndex)..<close])
                rest = rest[rest.index(after: close)...]
            }
            rest = rest.drop { $0 == " " }
            guard let op = operators.first(where: { rest.hasPrefix($0) }), !key.isEmpty else {
                throw Failure(line: line, text: text)
            }
            rest = rest.dropFirst(op.count).drop { $0 == " " }
            guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else {
                throw Failure(line: line, text: text)
            }
            items.append(Item(key: key, attribute: attribute, op: op, value: String(rest[rest.index(after: rest.startIndex)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        return items
    }

    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var description: String { "cannot parse rule at line \(line): \(text)" }
    }

    func value(_ key: String, _ attribute: String? = nil, op: String? = nil) -> String? {
        items.first { $0.key == key && $0.attribute == attribute && (op == nil || $0.op == op) }?.value
    }
}
