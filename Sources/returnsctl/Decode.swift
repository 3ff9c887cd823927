import ArgumentParser
import Foundation
import ReturnsCore

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one scan: what kind of code it is and what it carries. Exits 1 when it cannot be read.")

    @Flag(help: "Print JSON.")
    var json = false
    @Flag(help: "Treat hex as an RFID EPC even when it could be digits.")
    var rfid = false
    @Argument(help: "The scan text; write the group separator (FNC1) as <GS> or \\x1d.")
    var text: String

    func run() throws {
        let input = String(decoding: ScanTextEscapes.unescape(text), as: UTF8.self)
        let explanation = ScanExplanation(ScanClassifier().classify(input, fromRFID: rfid))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(explanation), as: UTF8.self))
        } else {
            print(explanation.humanText)
        }
        if explanation.error != nil { throw ExitCode(1) }
    }
}
