import Testing
import ScannerInput

@Suite("Capture text")
struct CaptureTextTests {
    @Test func controlCharactersAreNamed() {
        #expect(CaptureText.visible([0x30, 0x31, 0x1D, 0x32, 0x1E, 0x04, 0x0D, 0x0A, 0x09, 0x00, 0x7F]) == "01<GS>2<RS><EOT><CR><LF><TAB><NUL><DEL>")
    }

    @Test func unicodeIsKeptAndInvalidUTF8IsHex() {
        #expect(CaptureText.visible(Array("zß€".utf8)) == "zß€")
        #expect(CaptureText.visible([0x41, 0xFF, 0xC3, 0x42]) == "A<xFF><xC3>B")
        #expect(CaptureText.visible([0xC2, 0x85]) == "<U+85>")
    }

    @Test func jsonCarriesTextReasonAndTime() throws {
        let entry = CaptureEntry(kind: .dropped, bytes: [0x41, 0x1D], reason: .synDropped, offset: 48, timestampNanos: 1_500_000_000)
        let json = try jsonString(entry)
        #expect(json.contains(#""kind":"dropped""#))
        #expect(json.contains(#""text":"A<GS>""#))
        #expect(json.contains(#""reason":"syn-dropped""#))
        #expect(json.contains(#""time":1.5"#))
    }
}

import Foundation

func jsonString(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
