import Foundation
import Glibc
import SystemdIntegration
import Testing

private let otherUsersAvailable = getuid() == 0
    && ["/usr/sbin/useradd", "/usr/sbin/groupadd", "/usr/sbin/runuser", "/usr/bin/curl"].allSatisfy(TestProcess.exists)

/// Real clients running as other users (`runuser … curl --unix-socket`), identified by SO_PEERCRED and
/// mapped to roles through the real group database. Needs root to create the users; they are namespaced
/// (`rs-test-*`), created once, and left in place so later runs reuse them.
@Suite(.enabled(if: otherUsersAvailable, "needs root, useradd, runuser and curl"))
struct OtherUserTests {
    /// Created once per process, before any test of this suite uses them.
    static let accounts: Result<Void, any Error> = Result {
        for group in ["rs-test-read", "rs-test-supervise"] {
            if getgrnam(group) == nil { try command("/usr/sbin/groupadd", ["--system", group]) }
        }
        let users: [(String, String?)] = [("rs-test-nobody", nil), ("rs-test-reader", "rs-test-read"),
                                          ("rs-test-supervisor", "rs-test-supervise")]
        for (user, group) in users where getpwnam(user) == nil {
            var arguments = ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
            if let group { arguments += ["--groups", group] }
            try command("/usr/sbin/useradd", arguments + [user])
        }
    }

    static func command(_ path: String, _ arguments: [String]) throws {
        let result = try TestProcess.run(path, arguments)
        guard result.status == 0 else { throw TestSyscallError(errno: EPERM) }
    }

    @Test(arguments: [("rs-test-nobody", SupervisorRole.denied), ("rs-test-reader", .reader),
                      ("rs-test-supervisor", .supervisor), ("root", .supervisor)])
    func aClientRunningAsAnotherUserGetsItsRole(user: String, expected: SupervisorRole) throws {
        try Self.accounts.get()
        let policy = try SupervisorAccessPolicy.resolving(readGroups: [.name("rs-test-read")],
                                                          superviseGroups: [.name("rs-test-supervise")])
        let folder = try TestSockets.temporaryDirectory()
        chmod(folder, 0o755)
        let path = folder + "/supervisor.sock"
        let listener = try TestSockets.bound(path, type: Int32(SOCK_STREAM.rawValue))
        chmod(path, 0o666)
        defer { close(listener); try? FileManager.default.removeItem(atPath: folder) }

        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        client.arguments = ["-u", user, "--", "/usr/bin/curl", "-s", "--max-time", "20", "--unix-socket", path,
                            "http://localhost/v1/status"]
        let output = folder + "/curl.out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        client.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        client.standardError = FileHandle.nullDevice
        try client.run()

        var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        try #require(poll(&ready, 1, 20_000) == 1, "the client never connected")
        let connection = accept(listener, nil, nil)
        try #require(connection >= 0)
        let peer = try PeerCredentials.of(fileDescriptor: connection)
        // Read the request before answering: closing a Unix socket with unread data resets it, and curl
        // would lose the response.
        let request = TestSockets.readRequestHead(connection)
        #expect(request.hasPrefix("GET /v1/status HTTP/1.1"))
        let role = try policy.role(of: peer)
        let body = "\(role)\n"
        let response = "HTTP/1.1 \(role == .denied ? "403 Forbidden" : "200 OK")\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n" + body
        _ = Array(response.utf8).withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        close(connection)
        client.waitUntilExit()

        let account = try #require(getpwnam(user))
        #expect(peer.userID == account.pointee.pw_uid)
        #expect(peer.groupID == account.pointee.pw_gid)
        #expect(peer.processID != getpid())
        #expect(role == expected)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == body)
    }
}
