import Testing
import ScannerInput

@Suite("RFID report lines")
struct RFIDReportParserTests {
    let epc = "3034257BF7194E4000001A85"

    @Test func commaSeparatedWithOptionalTrailingFields() throws {
        let parser = RFIDReportParser(format: try RFIDReportFormat("{epc},{antenna},{rssi}"))
        #expect(try parser.parse(Array("\(epc),2,-61.5".utf8)) == EPCRead(epc: epc, antenna: 2, rssi: -61.5))
        #expect(try parser.parse(Array("\(epc.lowercased()),1".utf8)) == EPCRead(epc: epc, antenna: 1))
        #expect(try parser.parse(Array(epc.utf8)) == EPCRead(epc: epc))
        #expect(try parser.parse(Array(" \(epc) , 3 ,-70".utf8)) == EPCRead(epc: epc, antenna: 3, rssi: -70))
    }

    @Test func labelledFieldsAndSkippedColumns() throws {
        let labelled = RFIDReportParser(format: try RFIDReportFormat("EPC:{epc} ANT:{antenna} RSSI:{rssi}"))
        #expect(try labelled.parse(Array("EPC:0x\(epc) ANT:4 RSSI:-55".utf8)) == EPCRead(epc: epc, antenna: 4, rssi: -55))
        let skipping = RFIDReportParser(format: try RFIDReportFormat("{skip};{epc};{skip};{rssi}"))
        #expect(try skipping.parse(Array("17:02:11;\(epc);T;-58.2".utf8)) == EPCRead(epc: epc, rssi: -58.2))
    }

    @Test func badLinesNameTheProblemAndColumn() throws {
        let parser = RFIDReportParser(format: try RFIDReportFormat("EPC:{epc},{antenna}"))
        #expect {
            try parser.parse(Array("TAG:\(epc)".utf8))
        } throws: { ($0 as? RFIDReportError)?.column == 0 }
        #expect {
            try parser.parse(Array("EPC:30342G7B,1".utf8))
        } throws: { ($0 as? RFIDReportError)?.problem.contains("hex") == true }
        #expect {
            try parser.parse(Array("EPC:\(epc),x".utf8))
        } throws: { ($0 as? RFIDReportError)?.column == 29 }
        #expect(throws: RFIDReportError.self) { try parser.parse(Array("EPC:ABC,1".utf8)) }  // not whole words
    }

    @Test func badTemplatesAreRejected() {
        #expect(throws: RFIDFormatError.self) { try RFIDReportFormat("{antenna}") }
        #expect(throws: RFIDFormatError.self) { try RFIDReportFormat("{epc}{rssi}") }
        #expect(throws: RFIDFormatError.self) { try RFIDReportFormat("{epc},{power}") }
        #expect(throws: RFIDFormatError.self) { try RFIDReportFormat("{epc") }
    }
}
