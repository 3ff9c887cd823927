// Whatever a scanner types: GS1 element strings (with GS for FNC1), EPC tag URIs and hex, command barcodes,
// order and RMA numbers, AIM prefixes, control characters, overlong text.
import Foundation
import ReturnsCore

let classifier = ScanClassifier()
let encoder = JSONEncoder()

func fuzzOne(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    for (hint, rfid) in [(nil, false), ("]E0", false), ("]d2", false), (nil, true)] as [(String?, Bool)] {
        let meaning = classifier.classify(text, symbologyHint: hint, fromRFID: rfid)
        // What `returnsctl decode` prints for it must be encodable too.
        expect((try? encoder.encode(ScanExplanation(meaning))) != nil, "the explanation of a scan encodes as JSON")
        if text.count > classifier.maximumLength {
            if case .unreadable = meaning {} else { expect(false, "a scan longer than \(classifier.maximumLength) characters is unreadable") }
        }
    }
}
