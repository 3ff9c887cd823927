import Foundation
import ReturnsTestKit
import SupervisorClient
import Testing

/// A real `returnsd run` in a temporary folder: its own store, a FIFO as scanner, a supervisor socket,
/// and a test socket playing systemd's NOTIFY_SOCKET.
final class DaemonHarness: @unchecked Sendable {
    // @unchecked: a harness belongs to one test, which drives it from one task.
    let dir = TemporaryDirectory("daemon")
    let notify: NotifyListener
    var process: SpawnedProcess?
    var socketPath: String { dir.file("supervisor.sock") }
    var configPath: String { dir.file("returnsd.toml") }
    var client: SupervisorClient { SupervisorClient(socketPath: socketPath) }

    let station: String

    /// `importOrders: false` for a station that gets its orders from a ledger.
    init(devices: [String] = ["scanner"], extraConfig: String = "", station: String = "E2E", importOrders: Bool = true) throws {
        self.station = station
        notify = try NotifyListener(path: dir.file("notify.sock"))
        for device in devices { try makeFIFO(device) }
        try writeConfig(devices: devices.map { ($0, nil) }, extra: extraConfig)
        if importOrders {
            let imported = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", dir.file("state"), "--station", station,
                                                              ProcessRunner.examplesDirectory + "/orders.csv"])
            guard imported.status == 0 else { throw TestKitError("import failed: \(imported.stderr)") }
        }
    }

    func makeFIFO(_ name: String) throws {
        guard mkfifo(dir.file("\(name).fifo"), 0o600) == 0 else { throw TestKitError("mkfifo: \(String(cString: strerror(errno)))") }
    }

    /// Writes the configuration: each device a FIFO `<name>.fifo`, optionally in a lane.
    func writeConfig(devices: [(String, String?)], extra: String = "") throws {
        var text = """
        [station]
        id = "\(station)"
        state_dir = "\(dir.file("state"))"

        [scanning]
        epc_dedup_window_ms = 2000

        [supervisor]
        socket = "\(socketPath)"
        idle_timeout_s = 5

        """
        for (name, lane) in devices {
            text += "\n[[device]]\nid = \"\(name)\"\nkind = \"lines\"\npath = \"\(dir.file("\(name).fifo"))\"\n"
            if let lane { text += "lane = \"\(lane)\"\n" }
        }
        try dir.write("returnsd.toml", text + extra)
    }

    /// Starts the daemon and waits for READY=1; returns what systemd was told up to then.
    @discardableResult
    func start(environment extra: [String: String] = [:], descriptors: [Int32: Int32] = [:], viaShell: String? = nil) throws -> [String] {
        var environment = ["NOTIFY_SOCKET": notify.path, "PATH": "/usr/bin:/bin", "HOME": dir.path]
        environment.merge(extra) { _, new in new }
        let binary = ProcessRunner.productsDirectory + "/returnsd"
        if let viaShell {
            process = try SpawnedProcess("/bin/sh", ["-c", "\(viaShell) exec \(binary) run --config \(configPath)"], environment: environment,
                                         descriptors: descriptors, outputPath: dir.file("daemon.log"))
        } else {
            process = try SpawnedProcess(binary, ["run", "--config", configPath], environment: environment,
                                         descriptors: descriptors, outputPath: dir.file("daemon.log"))
        }
        return try notify.waitFor("READY=1")
    }

    /// Writes scan lines into a device's FIFO, as a scanner behind it would.
    func scan(_ lines: String..., on device: String = "scanner") throws {
        try scan(contentsOf: lines, on: device)
    }

    /// Writes every line, waiting while the FIFO is full. Opened without blocking (an error at once when the
    /// daemon has not opened the device yet), then written blocking, so a long burst is never cut short.
    func scan(contentsOf lines: [String], on device: String = "scanner") throws {
        let fd = open(dir.file("\(device).fifo"), O_WRONLY | O_NONBLOCK)
        guard fd >= 0 else { throw TestKitError("open fifo: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TestKitError("write fifo: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// JSON from the supervisor socket.
    func get(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(client.request("GET", path).body), options: [.fragmentsAllowed])
    }

    /// The journal, waiting until it holds `count` scans (the daemon commits asynchronously to the FIFO writer).
    func journal(count: Int, timeout: Duration = .seconds(10)) throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        var scans: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            scans = try get("/v1/scans?limit=1000") as? [[String: Any]] ?? []
            if scans.count >= count { return scans }
            usleep(20_000)
        }
        throw TestKitError("journal has \(scans.count) scans, expected \(count): \(scans.map { $0["outcome"] ?? "" })")
    }

    func stop() throws -> Int32 {
        guard let process else { return -1 }
        process.signal(SIGTERM)
        return try process.wait()
    }

    var log: String { process?.output ?? "" }
}
