// Report lines from a serial or network RFID reader, through the report formats of the readers in
// docs/DEVICES.md, then the EPC through the scan classifier as the daemon does.
import ReturnsCore
import ScannerInput

let parsers = ["{epc}", "{epc},{antenna},{rssi}", "EPC:{epc} ANT:{antenna}", "{skip};{epc};{skip};{rssi}"].map {
    RFIDReportParser(format: try! RFIDReportFormat($0))
}
let classifier = ScanClassifier()

func fuzzOne(_ bytes: [UInt8]) {
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
        for parser in parsers {
            guard let read = try? parser.parse(Array(line)) else { continue }
            _ = classifier.classify(read.epc, fromRFID: true)
        }
    }
}
