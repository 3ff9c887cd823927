import ArgumentParser
import Foundation
import ScannerInput

/// `returnsctl decode-hidpos < capture`: what a HID POS scanner sent, from a raw hidraw capture.
struct DecodeHIDPOS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-hidpos",
        abstract: "Print the scans in a HID POS capture read from stdin (cat /dev/hidrawN > capture).",
        discussion: """
            A capture loses the report boundaries, so reports are cut by length: every report is \
            --report-size bytes (default 64, the usual scanned-data report), or, with --descriptor, \
            each report's length is looked up by its report id in the device's report descriptor \
            (copy /sys/class/hidraw/hidrawN/device/report_descriptor next to the capture).

            Exit status: 0 scans found; 1 nothing valid found; 2 scans found but the capture is truncated.
            """)

    @Option(help: "Length of every report in bytes, when no --descriptor is given.")
    var reportSize = HIDCaptureFraming.defaultReportSize
    @Option(help: "Report id of the scanned-data report, when no --descriptor is given; 0 when the device does not number its reports.")
    var reportID = 2
    @Option(help: "File with the device's HID report descriptor (binary, as in sysfs).")
    var descriptor: String?
    @Flag(help: "Print every entry and the summary as JSON.")
    var json = false

    func validate() throws {
        guard (1...16_384).contains(reportSize) else { throw ValidationError("--report-size must be 1…16384 bytes") }
        guard (0...255).contains(reportID) else { throw ValidationError("--report-id must be 0…255") }
    }

    func run() throws {
        var descriptorBytes: [UInt8]?
        if let descriptor {
            guard let data = FileManager.default.contents(atPath: descriptor) else {
                CaptureCommand.complain("decode-hidpos", "cannot read the descriptor file \(descriptor)")
                throw ExitCode(1)
            }
            descriptorBytes = Array(data)
        }
        let bytes = try CaptureCommand.readStandardInput(command: "decode-hidpos")
        let entries: [CaptureEntry]
        do {
            entries = try HIDPOSCaptureDecoder.decode(
                bytes: bytes, reportSize: reportSize, reportID: reportID == 0 ? nil : UInt8(reportID),
                descriptor: descriptorBytes)
        } catch {
            CaptureCommand.complain("decode-hidpos", "\(error): is this a HID POS scanner's descriptor?")
            throw ExitCode(1)
        }
        try CaptureCommand.finish(entries, json: json, command: "decode-hidpos")
    }
}
