/// The shape of one report line, written as a template a technician can copy from the reader's
/// manual: literal text with `{epc}`, `{antenna}`, `{rssi}` and `{skip}` fields.
///
/// ```swift
/// try RFIDReportFormat("{epc},{antenna},{rssi}")        // E200341201…,2,-61.5
/// try RFIDReportFormat("EPC:{epc} ANT:{antenna}")       // EPC:E200… ANT:1
/// try RFIDReportFormat("{skip};{epc};{skip};{rssi}")    // 17:02:11;E200…;T;-58
/// ```
/// A field runs up to the literal text that follows it (or to the end of the line). Fields after the
/// EPC may be missing at the end of a line: a reader that sometimes omits RSSI still parses.
public struct RFIDReportFormat: Sendable, Hashable {
    public enum Field: String, Sendable, Hashable { case epc, antenna, rssi, skip }

    enum Piece: Sendable, Hashable {
        case literal([UInt8])
        case field(Field)
    }

    let pieces: [Piece]
    public let template: String

    public static let epcOnly = try! RFIDReportFormat("{epc}")

    public init(_ template: String) throws(RFIDFormatError) {
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            literal += Array(rest[..<open].utf8)
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw RFIDFormatError(template: template, problem: "unclosed {")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard let field = Field(rawValue: name) else {
                throw RFIDFormatError(template: template, problem: "unknown field {\(name)}")
            }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
            if case .field? = pieces.last {
                throw RFIDFormatError(template: template, problem: "two fields need text between them")
            }
            pieces.append(.field(field))
            rest = rest[rest.index(after: close)...]
        }
        literal += Array(rest.utf8)
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        guard pieces.filter({ $0 == .field(.epc) }).count == 1 else {
            throw RFIDFormatError(template: template, problem: "needs exactly one {epc}")
        }
        self.pieces = pieces
        self.template = template
    }
}

/// A report template that cannot be used.
public struct RFIDFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var template: String
    public var problem: String
    public var description: String { "RFID report format \"\(template)\": \(problem)" }
}
