import Foundation
import Glibc
import SystemdIntegration
import Testing

/// Socket activation end to end: a real listening Unix socket passed as fd 3 to a new process, the way
/// systemd does it. The child is this test binary again, running only ``childProbe()``; `/bin/sh`
/// exports its own pid as `LISTEN_PID` and then execs it, so the pid matches, as systemd arranges.
@Suite struct SocketActivationChildTests {
    static let probeVariable = "RETURNSTATION_SOCKET_ACTIVATION_PROBE"

    @Test func aSocketPassedAtFdThreeIsReceivedByTheChild() throws {
        let folder = try TestSockets.temporaryDirectory()
        let socketPath = folder + "/supervisor.sock", notifyPath = folder + "/notify", logPath = folder + "/child.log"
        let listener = try TestSockets.bound(socketPath, type: Int32(SOCK_STREAM.rawValue))
        let manager = try TestSockets.bound(notifyPath, type: Int32(SOCK_DGRAM.rawValue))
        // Queued in the listener's backlog before the child exists: the child can only answer it through fd 3.
        let client = try TestSockets.connected(socketPath)
        defer {
            close(listener); close(manager); close(client)
            try? FileManager.default.removeItem(atPath: folder)
        }

        var environment = ProcessInfo.processInfo.environment
        environment["LISTEN_FDS"] = "1"
        environment["LISTEN_FDNAMES"] = "supervisor"
        environment["NOTIFY_SOCKET"] = notifyPath
        environment[Self.probeVariable] = "1"
        environment.removeValue(forKey: "LISTEN_PID")
        let executable = try #require(try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let pid = try spawn(
            ["/bin/sh", "-c", "export LISTEN_PID=$$; exec \"$0\" \"$@\"", executable,
             "--testing-library", "swift-testing", "--filter", "SocketActivationChildTests/childProbe"],
            environment: environment, passing: listener, log: logPath)

        let report = TestSockets.readToEnd(client)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        #expect(status == 0, "child failed:\n\(log)")
        #expect(report == "fd=3 name=supervisor kind=SOCK_STREAM domain=AF_UNIX listening=true cloexec=true"
                + " pid-matches=true unset=LISTEN_PID,LISTEN_FDS,LISTEN_FDNAMES,NOTIFY_SOCKET", "child log:\n\(log)")
        #expect(TestSockets.receiveDatagram(manager) == "READY=1\nSTATUS=probe answered")
    }

    /// Runs only in the child (see above); skipped in a normal test run.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func childProbe() throws {
        let expectedPID = getenv("LISTEN_PID").map { String(cString: $0) }
        let sockets = try SocketActivation.listenedSockets()
        let notifier = try SystemdNotifier.fromProcessEnvironment(unsetEnvironment: true)
        let supervisor = try sockets.socket(named: "supervisor")
        let connection = accept(supervisor.fileDescriptor, nil, nil)
        try #require(connection >= 0)
        let names = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "NOTIFY_SOCKET"]
        let unset = names.filter { getenv($0) == nil }.joined(separator: ",")
        let cloexec = fcntl(supervisor.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0
        let report = "fd=\(supervisor.fileDescriptor) name=\(supervisor.name) kind=\(supervisor.kind) domain=\(supervisor.domain)"
            + " listening=\(supervisor.isListening) cloexec=\(cloexec)"
            + " pid-matches=\(expectedPID == String(getpid())) unset=\(unset)"
        _ = Array(report.utf8).withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        close(connection)
        try notifier.send(.ready, .status("probe answered"))
    }

    /// posix_spawn with `listener` dup'ed onto fd 3 and output to `log`. Foundation's Process closes every
    /// descriptor above 2 in the child, so it cannot pass a socket the way systemd does.
    private func spawn(_ argv: [String], environment: [String: String], passing listener: Int32, log: String) throws -> pid_t {
        // Dup to a number above 3 first: dup2 onto itself would keep FD_CLOEXEC and close the socket at exec.
        let source = fcntl(listener, F_DUPFD_CLOEXEC, 64)
        try #require(source >= 0)
        defer { close(source) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, source, 3)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
        try #require(rc == 0, "posix_spawn: \(String(cString: strerror(rc)))")
        return pid
    }
}
