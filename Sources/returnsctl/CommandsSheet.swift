import ArgumentParser
import Foundation
import ReturnsCore
import StationConfig

struct CommandsSheet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands-sheet",
        abstract: "Print the command barcodes (Code 128 with their text) as an A4 SVG sheet to laminate.")

    @Option(help: "Output file (.svg); with several pages, -2, -3 … are added before .svg.")
    var out: String
    @Option(help: "The station's configuration, for site-specific command texts.")
    var config: String?
    @Option(name: .customLong("operator"), help: "Add an operator badge (OP:<id>); repeatable.")
    var operators: [String] = []

    func run() throws {
        var commands = CommandBarcodes.standard
        if let config {
            do {
                guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
                    throw ConfigError(path: config, line: 0, key: nil, reason: "cannot read the configuration file")
                }
                commands = try StationConfiguration(toml: text, path: config).classifier.commands
            } catch {
                FileHandle.standardError.write(Data("returnsctl: \(error)\n".utf8))
                throw ExitCode(78)
            }
        }
        let pages: [String]
        do {
            pages = try CommandSheet(commands: commands, operators: operators).svgPages()
        } catch {
            FileHandle.standardError.write(Data("returnsctl: \(error)\n".utf8))
            throw ExitCode.failure
        }
        for (index, page) in pages.enumerated() {
            let path = index == 0 ? out : out.replacingOccurrences(of: ".svg", with: "") + "-\(index + 1).svg"
            try Data(page.utf8).write(to: URL(fileURLWithPath: path))
            print("wrote \(path)")
        }
    }
}
