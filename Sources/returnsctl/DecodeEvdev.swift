import ArgumentParser
import Foundation
import ScannerInput

/// `returnsctl decode-evdev < capture`: what a keyboard-wedge scanner sent, from a raw capture.
struct DecodeEvdev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-evdev",
        abstract: "Print the scans in a keyboard-wedge capture read from stdin (cat /dev/input/eventN > capture).",
        discussion: """
            Scans go to stdout, one per line, control characters shown as <GS>, <CR>, …; dropped \
            partial scans and problems go to stderr. Capture on the dock with the daemon stopped \
            (it grabs the device): timeout 30 cat /dev/input/by-id/...-event-kbd > capture

            Exit status: 0 scans found; 1 nothing valid found; 2 scans found but the capture is truncated.
            """)

    @Option(help: "XKB layout the scanner is configured for (us, de, fr, cz, …).")
    var layout = "us"
    @Option(help: "XKB layout variant, e.g. qwerty with --layout cz.")
    var variant = ""
    @Option(name: .customLong("xkb-options"), help: "XKB options, e.g. lv3:ralt_switch.")
    var xkbOptions = ""
    @Option(name: .customLong("terminator"), help: "Key that ends a scan: enter, keypad-enter or tab (repeatable; default enter and keypad-enter).")
    var terminators: [String] = []
    @Option(name: .customLong("timeout-ms"), help: "Longest gap between two keys inside one scan, in milliseconds.")
    var timeoutMillis = 200
    @Flag(help: "Print every entry and the summary as JSON.")
    var json = false

    func validate() throws {
        guard timeoutMillis > 0 else { throw ValidationError("--timeout-ms must be positive") }
        _ = try terminatorSet()
    }

    func run() throws {
        let bytes = try CaptureCommand.readStandardInput(command: "decode-evdev")
        var configuration = KeystrokeAssembler.Configuration(interKeyTimeout: .milliseconds(timeoutMillis))
        if !terminators.isEmpty { configuration.terminators = try terminatorSet() }
        let layout = KeyboardLayout(layout: layout, variant: variant, options: xkbOptions)
        let entries: [CaptureEntry]
        do {
            entries = try EvdevCaptureDecoder.decode(bytes: bytes, layout: layout, configuration: configuration)
        } catch {
            CaptureCommand.complain("decode-evdev", "unknown keyboard layout (\(error)); names are in /usr/share/X11/xkb/rules/evdev.lst")
            throw ExitCode(1)
        }
        try CaptureCommand.finish(entries, json: json, command: "decode-evdev")
    }

    private func terminatorSet() throws -> Set<WedgeTerminator> {
        let names: [String: WedgeTerminator] = ["enter": .enter, "keypad-enter": .keypadEnter, "tab": .tab]
        return Set(try terminators.map { name in
            guard let terminator = names[name] else {
                throw ValidationError("unknown --terminator \(name); use enter, keypad-enter or tab")
            }
            return terminator
        })
    }
}

/// What `decode-evdev` and `decode-hidpos` share: reading the capture and printing the verdict.
enum CaptureCommand {
    static func readStandardInput(command: String) throws -> [UInt8] {
        // A technician who forgot the redirect would otherwise wait on a silent terminal.
        if isatty(STDIN_FILENO) != 0 {
            throw ValidationError("stdin is a terminal: give the capture file, e.g. returnsctl \(command) < capture")
        }
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }

    static func finish(_ entries: [CaptureEntry], json: Bool, command: String) throws {
        let summary = CaptureSummary(entries)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let document = CaptureDocument(entries: entries, scans: summary.scans, dropped: summary.dropped,
                                           truncatedBytes: summary.truncatedBytes, problems: summary.problems)
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
        } else {
            for entry in entries {
                switch entry.kind {
                case .scan:
                    // The AIM id is printed in front, as `returnsctl decode` reads it.
                    print((entry.symbologyHint ?? "") + entry.text)
                case .dropped:
                    complain(command, "dropped (\(entry.reason?.rawValue ?? "?")) at \(position(entry)): \(entry.text)")
                case .truncated, .unreadable:
                    break  // said once in the problems below
                }
            }
            complain(command, summary.line)
        }
        guard summary.exitStatus != 0 else { return }
        if !json { for problem in summary.problems { complain(command, problem) } }
        throw ExitCode(summary.exitStatus)
    }

    static func complain(_ command: String, _ message: String) {
        FileHandle.standardError.write(Data("returnsctl \(command): \(message)\n".utf8))
    }

    private static func position(_ entry: CaptureEntry) -> String {
        guard let nanos = entry.timestampNanos else { return "byte \(entry.offset)" }
        return String(format: "t=%.6f s (byte %d)", Double(nanos) / 1e9, entry.offset)
    }
}

/// The `--json` output of both capture commands.
struct CaptureDocument: Encodable {
    var entries: [CaptureEntry]
    var scans: Int
    var dropped: Int
    var truncatedBytes: Int
    var problems: [String]
}
