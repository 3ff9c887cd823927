import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for tests and benchmarks: a temporary folder, a free loopback port, never the
/// machine's default cluster.
///
/// ```swift
/// let url = try await PostgresCluster.shared().createDatabase()   // postgres://postgres@127.0.0.1:PORT/t_3f9a…
/// ```
///
/// With `RETURNS_TEST_DATABASE_URL` set (a superuser URL of a running server) that server is used and nothing is
/// started. Otherwise `initdb` and `pg_ctl` from `/usr/lib/postgresql/*/bin` (or `RETURNS_PG_BIN`) start one; as
/// root they run as the `postgres` user, because the server refuses to run as root. A watchdog shell stops the
/// cluster and removes its folder when the process that started it exits, even if it crashes.
public final class PostgresCluster: Sendable {
    /// Superuser URL of the maintenance database.
    public let adminURL: String
    public let port: Int
    /// The cluster's folder; nil when reusing `RETURNS_TEST_DATABASE_URL`.
    public let directory: String?
    private let binDirectory: String?
    /// The server options it was started with (all but the port), to start it again the same way.
    private let startOptions: String?

    private static let sharedCluster = Mutex<Task<PostgresCluster, any Error>?>(nil)

    /// One cluster per test process (fsync off), started on first use; concurrent callers wait for the same start.
    public static func shared() async throws -> PostgresCluster {
        let task = sharedCluster.withLock { task in
            if let task { return task }
            let started = Task {
                try await offThread {
                    try ProcessInfo.processInfo.environment["RETURNS_TEST_DATABASE_URL"].map(PostgresCluster.init(reusing:))
                        ?? PostgresCluster(fsync: false)
                }
            }
            task = started
            return started
        }
        return try await task.value
    }

    /// Starts a new cluster from async code (the tools run on their own thread, see ``offThread(_:)``).
    public static func start(fsync: Bool, label: String = "returns-pg") async throws -> PostgresCluster {
        try await offThread { try PostgresCluster(fsync: fsync, label: label) }
    }

    /// Runs blocking work (Foundation's `Process.waitUntilExit`) on a thread of its own: blocking the few threads
    /// of Swift's cooperative pool can starve the very dispatch queue that reports the child's exit.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    private init(reusing url: String) {
        adminURL = url
        port = URLComponents(string: url)?.port ?? 5432
        directory = nil
        binDirectory = try? Self.findBinDirectory()
        startOptions = nil
    }

    /// Starts a new cluster. `fsync: false` for functional tests only: benchmarks must keep it on.
    public init(fsync: Bool, label: String = "returns-pg") throws {
        let bin = try Self.findBinDirectory()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let asRoot = getuid() == 0
        if asRoot { try Self.run("/bin/chown", ["postgres:postgres", dir]) }
        try Self.run(bin + "/initdb", ["-D", dir + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], asPostgres: asRoot)
        var options = "-k \(dir) -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB"
        if !fsync { options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
        var lastError: (any Error)?
        var chosen: Int?
        for _ in 0..<5 {
            let candidate = try Self.freePort()
            do {
                try Self.run(bin + "/pg_ctl", ["-D", dir + "/data", "-l", dir + "/log", "-w", "-o", "-p \(candidate) \(options)", "start"],
                             asPostgres: asRoot)
                chosen = candidate
                break
            } catch { lastError = error }
        }
        guard let chosen else {
            let log = (try? String(contentsOfFile: dir + "/log", encoding: .utf8)) ?? ""
            throw ClusterError(message: "PostgreSQL did not start in \(dir): \(lastError.map { "\($0)" } ?? "")\n\(log.suffix(2000))")
        }
        port = chosen
        directory = dir
        binDirectory = bin
        startOptions = options
        adminURL = "postgres://postgres@127.0.0.1:\(chosen)/postgres?sslmode=disable"
        try Self.startWatchdog(bin: bin, dir: dir, asRoot: asRoot)
    }

    /// Stops the server (fast shutdown: sessions are cut, as in a failover) and starts it again on the same port,
    /// waiting `downFor` in between. Only for a cluster this process started.
    public func restart(downFor: Duration = .seconds(1)) async throws {
        guard let directory, let binDirectory else { throw ClusterError(message: "this cluster was not started here; cannot restart it") }
        let asRoot = getuid() == 0
        try await Self.offThread { try Self.run(binDirectory + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"], asPostgres: asRoot) }
        try await Task.sleep(for: downFor)
        // The same port and options it was first started with (socket folder, fsync, connection limit).
        let options = "-p \(port) " + (startOptions ?? "")
        try await Self.offThread {
            try Self.run(binDirectory + "/pg_ctl", ["-D", directory + "/data", "-l", directory + "/log", "-w", "-o", options, "start"],
                         asPostgres: asRoot)
        }
    }

    /// A new, empty database on the cluster, so tests running side by side do not meet; returns its URL.
    public func createDatabase(prefix: String = "t") async throws -> String {
        try await Self.offThread { try self.createDatabaseNow(prefix: prefix) }
    }

    func createDatabaseNow(prefix: String) throws -> String {
        let name = prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try Self.run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", adminURL, "-c", "CREATE DATABASE \(name)"])
        guard var url = URLComponents(string: adminURL) else { throw ClusterError(message: "bad admin URL \(adminURL)") }
        url.path = "/" + name
        return url.string ?? adminURL
    }

    /// Runs SQL as the superuser in `databaseURL` and returns psql's unaligned output (tests that inspect tables).
    public func psql(_ databaseURL: String, _ sql: String) async throws -> String {
        try await Self.offThread { try Self.run(self.psql, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", databaseURL, "-c", sql]) }
    }

    /// Stops the cluster now (the watchdog would do it at exit) and removes its folder.
    public func stop() async {
        _ = try? await Self.offThread { self.stopNow() }
    }

    func stopNow() {
        guard let directory, let binDirectory else { return }
        _ = try? Self.run(binDirectory + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"], asPostgres: getuid() == 0)
        try? FileManager.default.removeItem(atPath: directory)
    }

    private var psql: String {
        if let binDirectory, FileManager.default.isExecutableFile(atPath: binDirectory + "/psql") { return binDirectory + "/psql" }
        return "/usr/bin/psql"
    }

    static func findBinDirectory() throws -> String {
        if let bin = ProcessInfo.processInfo.environment["RETURNS_PG_BIN"] { return bin }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last(where: { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }) else {
            throw ClusterError(message: "no PostgreSQL server under \(root) (apt-get install postgresql, or set RETURNS_TEST_DATABASE_URL)")
        }
        return "\(root)/\(newest)/bin"
    }

    /// Asks the kernel for a free loopback port (bind to port 0), then lets it go for PostgreSQL to take.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError(message: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClusterError(message: "bind to a free port failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops the cluster and removes its folder once this process is gone.
    private static func startWatchdog(bin: String, dir: String, asRoot: Bool) throws {
        let stop = (asRoot ? "runuser -u postgres -- " : "") + "'\(bin)/pg_ctl' -D '\(dir)/data' -m immediate stop"
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf '\(dir)'"
        // Not waited for: it outlives this process on purpose (setsid detaches it from our session).
        _ = try spawn(["/usr/bin/setsid", "/bin/sh", "-c", script], output: "/dev/null")
    }

    /// Runs a tool to completion and returns what it printed; throws with that output when it fails.
    ///
    /// `posix_spawn` + `waitpid` rather than Foundation's `Process`: in a test process full of event loops,
    /// Process did not always notice its child's exit and waited forever.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let argv = asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        // Output to a file, not a pipe: `pg_ctl start` leaves a server holding inherited descriptors, and a pipe
        // would never reach end-of-file.
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString).out").path
        defer { unlink(capture) }
        let pid = try spawn(argv, output: capture)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw ClusterError(message: "waitpid for \(tool) failed: errno \(errno)") }
        }
        let text = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exitCode == 0 else {
            throw ClusterError(message: "\(tool) \(arguments.joined(separator: " ")) exited \(exitCode): \(text)")
        }
        return text
    }

    /// Starts `argv` with stdin from /dev/null and stdout+stderr to `output`; returns its pid.
    static func spawn(_ argv: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard result == 0 else { throw ClusterError(message: "cannot start \(argv[0]): error \(result)") }
        return pid
    }
}

/// A cluster that would not start, or a psql command that failed, with what the tool printed.
public struct ClusterError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
