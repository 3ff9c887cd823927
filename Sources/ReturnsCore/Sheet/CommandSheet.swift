/// The laminated A4 sheet of command barcodes an operator scans at the dock, as SVG.
public struct CommandSheet: Sendable {
    public var title: String
    public var entries: [(label: String, barcode: String)]

    /// The configured commands, plus one badge per operator id.
    public init(commands: CommandBarcodes, operators: [String] = [], title: String = "ReturnStation command sheet") {
        self.title = title
        entries = commands.sheet.map { ($0.title, commands.barcode(for: $0.command)) }
            + operators.map { ("Operator \($0)", commands.barcode(for: .setOperator($0))) }
    }

    /// Millimetres: A4 portrait, two columns, 0.33 mm modules (a common handheld's sweet spot) and a
    /// 10-module quiet zone each side.
    static let pageWidth = 210.0, pageHeight = 297.0, margin = 10.0, module = 0.33, quiet = 10
    static let rowHeight = 20.0, barHeight = 10.0, header = 16.0

    /// Rows that fit on one page.
    public static var rowsPerPage: Int { Int((pageHeight - 2 * margin - header) / rowHeight) }

    /// One SVG document per page.
    public func svgPages() throws(SheetError) -> [String] {
        let perPage = CommandSheet.rowsPerPage * 2
        var pages: [String] = []
        var start = 0
        repeat {
            let slice = Array(entries[start..<min(entries.count, start + perPage)])
            pages.append(try page(slice, number: pages.count + 1, of: (entries.count + perPage - 1) / perPage))
            start += perPage
        } while start < entries.count
        return pages
    }

    private func page(_ slice: [(label: String, barcode: String)], number: Int, of total: Int) throws(SheetError) -> String {
        typealias S = CommandSheet
        var svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(S.pageWidth)mm" height="\(S.pageHeight)mm" viewBox="0 0 \(S.pageWidth) \(S.pageHeight)">
        <rect width="\(S.pageWidth)" height="\(S.pageHeight)" fill="white"/>
        <text x="\(S.margin)" y="\(S.margin + 6)" font-family="sans-serif" font-size="6" font-weight="bold">\(escape(title))</text>
        <text x="\(S.pageWidth - S.margin)" y="\(S.margin + 6)" font-family="sans-serif" font-size="3.5" text-anchor="end">page \(number) of \(total)</text>

        """
        let columnWidth = (S.pageWidth - 2 * S.margin) / 2
        for (index, entry) in slice.enumerated() {
            let x0 = S.margin + Double(index % 2) * columnWidth
            let y0 = S.margin + S.header + Double(index / 2) * S.rowHeight
            svg += "<g>\n<text x=\"\(fmt(x0 + 2))\" y=\"\(fmt(y0 + 3.5))\" font-family=\"sans-serif\" font-size=\"3.5\">\(escape(entry.label))</text>\n"
            let widths = try Code128.widths(for: entry.barcode)
            // Long texts get narrower modules so symbol and quiet zones stay inside their column.
            let modules = Double(widths.reduce(0, +) + 2 * S.quiet)
            let module = min(S.module, (columnWidth - 6) / modules)
            var x = x0 + 2 + Double(S.quiet) * module
            var bar = true
            for width in widths {
                let w = Double(width) * module
                if bar { svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y0 + 5))\" width=\"\(fmt(w))\" height=\"\(fmt(S.barHeight))\" fill=\"black\"/>\n" }
                x += w
                bar.toggle()
            }
            svg += "<text x=\"\(fmt(x0 + 2 + Double(S.quiet) * module))\" y=\"\(fmt(y0 + 18.5))\" font-family=\"monospace\" font-size=\"3\">\(escape(entry.barcode))</text>\n</g>\n"
        }
        return svg + "</svg>\n"
    }

    private func fmt(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
    }

    private func escape(_ text: String) -> String {
        text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
    }
}

extension String {
    func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
