/// A validated GS1 element string: the AIs and values from a GS1-128, DataMatrix, QR or DataBar scan.
///
/// ```swift
/// let scan = try GS1ElementString.parse("0109506000134352172012251\u{1D}0ABC123", referenceYear: 2026)
/// // …or the bracketed form: "(01)09506000134352(17)201225(10)ABC123"
/// scan.gtin?.digits   // "09506000134352"
/// scan.expiry?.iso    // "2020-12-25"
/// scan.lot            // "ABC123"
/// ```
public struct GS1ElementString: Hashable, Sendable {
    /// The elements in the order they were read.
    public let elements: [GS1Element]
    /// Dates the elements carry, keyed by AI, resolved with the reference year given at parse time.
    let dates: [String: GS1Date]

    /// Validates each element against the AI table (lengths, character sets, check digits, dates).
    public init(validating elements: [GS1Element], referenceYear: Int = GS1Date.currentYear) throws(CodeError) {
        var builder = Builder(referenceYear: referenceYear)
        for element in elements {
            guard let definition = GS1AIDefinition.table[element.ai] else {
                throw CodeError(
                    .unknownAI, "AI (\(element.ai)) is not a known GS1 Application Identifier.",
                    ai: element.ai, text: element.ai)
            }
            try builder.append(definition, Array(element.value.utf8)[...])
        }
        self = try builder.build()
    }

    init(elements: [GS1Element], dates: [String: GS1Date]) {
        self.elements = elements
        self.dates = dates
    }

    /// The first value of `ai`, if present.
    public func value(of ai: String) -> String? {
        elements.first { $0.ai == ai }?.value
    }

    /// The date carried by a date AI (11, 12, 13, 15, 16, 17, 7003, 7006, 7007), if present.
    public func date(of ai: String) -> GS1Date? { dates[ai] }

    /// The trade item: AI 01, or AI 02 (contained items) when there is no 01.
    public var gtin: GTIN? { (value(of: "01") ?? value(of: "02")).map(GTIN.init(trusted:)) }
    /// AI 21.
    public var serial: String? { value(of: "21") }
    /// AI 10.
    public var lot: String? { value(of: "10") }
    /// AI 17, with day 00 resolved to the month's last day.
    public var expiry: GS1Date? { dates["17"] }
    /// AI 00, the 18-digit SSCC.
    public var sscc: String? { value(of: "00") }
}
