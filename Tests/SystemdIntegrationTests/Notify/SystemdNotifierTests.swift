import Glibc
import SystemdIntegration
import Testing

/// Sends to real datagram sockets standing in for systemd's notification socket.
@Suite struct SystemdNotifierTests {
    @Test func sendsToAFilesystemSocketInOrder() throws {
        let folder = try TestSockets.temporaryDirectory()
        let path = folder + "/notify"
        let manager = try TestSockets.bound(path, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(manager); unlink(path); rmdir(folder) }

        let notifier = try SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": path])
        #expect(try notifier.send(.ready, .status("2 devices, 0 open sessions")))
        try notifier.send(.reloading(monotonicMicroseconds: 7), .status("Reloading"))
        try notifier.send(.watchdog)
        try notifier.send(.stopping)

        #expect(TestSockets.receiveDatagram(manager) == "READY=1\nSTATUS=2 devices, 0 open sessions")
        #expect(TestSockets.receiveDatagram(manager) == "RELOADING=1\nMONOTONIC_USEC=7\nSTATUS=Reloading")
        #expect(TestSockets.receiveDatagram(manager) == "WATCHDOG=1")
        #expect(TestSockets.receiveDatagram(manager) == "STOPPING=1")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let name = "returnstation-test-notify-\(getpid())"
        let manager = try TestSockets.boundAbstractDatagram(name)
        defer { close(manager) }
        let notifier = try SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": "@" + name])
        try notifier.send(.ready)
        #expect(TestSockets.receiveDatagram(manager) == "READY=1")
    }

    @Test func aMissingSocketFailsWithErrno() throws {
        let notifier = try SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": "/tmp/returnstation-no-such-notify-socket"])
        let error = try #require(throws: SystemdError.self) { try notifier.send(.ready) }
        #expect(error.code == .notify)
        #expect(error.errno == ENOENT)
        #expect(error.description.contains("NotifyAccess="))
    }
}
