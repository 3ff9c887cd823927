import StationConfig
import ArgumentParser
import Foundation
import ReturnsCore
import StationDaemon
import StationStore

@main
struct Returnsd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "returnsd",
        abstract: "The ReturnStation station daemon: scans in, decisions and return notes out.",
        subcommands: [Run.self, CheckConfig.self, Demo.self, Replay.self, ImportOrders.self]
    )
}

/// Options every command that opens a store shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "State folder holding station.sqlite.")
    var stateDir: String = "/var/lib/returnsd"

    @Option(help: "Station id, used in return note numbers (RN-<station>-000001).")
    var station: String = "DOCK1"
}

struct ImportOrders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-orders",
        abstract: "Import sales orders from a CSV or JSON file, all or nothing, into a stopped station's state folder.",
        discussion: "While the service runs it holds the state folder: import through it with `returnsctl import-orders FILE`.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "CSV (header: \(OrderImport.columns.joined(separator: ","))) or JSON array of the same fields.")
    var file: String

    func run() async throws {
        do {
            let db = try Replayer.openStore(stateDirectory: store.stateDir, stationID: store.station)
            let count = try OrderFile.importFile(file, into: db)
            print("imported \(count) order\(count == 1 ? "" : "s") from \(file)")
        } catch {
            FileHandle.standardError.write(Data("returnsd import-orders: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Process a scan script through the daemon's pipeline, one committed scan at a time.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Order file (CSV or JSON) to import first.")
    var orders: String?
    @Option(help: "Scan script: one scan per line, '#' comments, <GS> or \\x1d for FNC1, '@DEVICE ' prefix.")
    var scans: String
    @Option(name: .customLong("lane"), help: "Put a device in a lane: DEVICE=LANE (repeatable). Default: each device its own lane.")
    var laneAssignments: [String] = []
    @Option(help: "Pin the station's calendar day (YYYY-MM-DD) for return windows.")
    var today: String?
    @Flag(help: "One JSON object per scan and per return note.")
    var json = false

    func run() async throws {
        do {
            var lanes: [String: String] = [:]
            for assignment in laneAssignments {
                let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw ValidationError("--lane wants DEVICE=LANE, got '\(assignment)'")
                }
                lanes[parts[0]] = parts[1]
            }
            var clock = StationClock.system
            if let today {
                guard let day = LocalDate(iso: today) else { throw ValidationError("--today wants YYYY-MM-DD, got '\(today)'") }
                clock = .pinned(today: day)
            }
            guard let data = FileManager.default.contents(atPath: scans) else {
                throw StationFileError(path: scans, message: "cannot read the scan script")
            }
            let script = try ScanScript(String(decoding: data, as: UTF8.self))
            let replayer = Replayer(stateDirectory: store.stateDir, stationID: store.station, ordersFile: orders,
                                    lanes: LaneMap(lanes), clock: clock)
            let json = self.json
            _ = try await replayer.run(script: script) { receipt in
                if json {
                    ReplayReport.jsonLines(for: receipt).forEach { print($0) }
                } else {
                    print(HumanReport.line(for: receipt))
                    if let note = receipt.note { print(HumanReport.note(note)) }
                }
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("returnsd replay: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the station daemon: read the devices, serve the supervisor socket, talk to systemd.")

    @Option(help: "Configuration file (docs/CONFIGURATION.md).")
    var config: String = StationConfiguration.defaultPath

    func run() async throws {
        let status = await DaemonMain.run(configPath: config)
        if status != 0 { throw ExitCode(status) }
    }
}

struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Check a configuration file and print what it sets up; exits 78 when it is refused.")

    @Option(help: "Configuration file.")
    var config: String = StationConfiguration.defaultPath

    func run() async throws {
        do {
            let c = try DaemonMain.loadConfiguration(config)
            print("station \(c.stationID), state in \(c.stateDirectory), supervisor socket \(c.supervisor.socketPath)")
            for d in c.devices {
                print("  device \(d.id): \(d.kind.rawValue) \(d.path ?? "found by udev") lane \(c.lanes.lane(of: d.id))")
            }
            print(c.ledger.map { "  ledger \($0.url)" } ?? "  no ledger: standalone on imported orders")
        } catch {
            FileHandle.standardError.write(Data("returnsd: \(error)\n".utf8))
            throw ExitCode(DaemonMain.configurationRefused)
        }
    }
}
