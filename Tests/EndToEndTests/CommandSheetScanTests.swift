import Foundation
import ReturnsTestKit
import Testing

/// The printed sheet must scan: render the SVG to pixels and read it back with a real barcode decoder.
@Suite struct CommandSheetScanTests {
    @Test func zbarReadsEveryBarcodeOnTheSheet() throws {
        let dir = TemporaryDirectory("sheet")
        let made = try ProcessRunner.run("returnsctl", ["commands-sheet", "--out", dir.file("sheet.svg"), "--operator", "ANNA", "--operator", "BEN"])
        #expect(made.status == 0, "\(made.stderr)")
        var decoded: [String] = []
        for page in ["sheet.svg", "sheet-2.svg"] {
            let png = dir.file(page + ".png")
            let render = try ProcessRunner.run("/usr/bin/rsvg-convert", ["-d", "300", "-p", "300", dir.file(page), "-o", png], absolute: true)
            #expect(render.status == 0, "\(render.stderr)")
            let scan = try ProcessRunner.run("/usr/bin/zbarimg", ["-q", "--raw", png], absolute: true)
            decoded += scan.lines
        }
        let expected = ["CMD:CLOSE", "CMD:CANCEL", "CMD:UNDO", "QTY:2", "QTY:10", "COND:MISSING_PARTS", "RSN:DAMAGED_IN_TRANSIT",
                        "RSN:NO_LONGER_NEEDED", "DISP:RETURN_TO_VENDOR", "DISP:QUARANTINE", "OP:ANNA", "OP:BEN"]
        for text in expected { #expect(decoded.contains(text), "zbarimg did not read \(text)") }
        #expect(decoded.count == 27)
    }
}
