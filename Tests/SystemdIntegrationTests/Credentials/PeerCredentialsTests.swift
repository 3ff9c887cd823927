import Glibc
import SystemdIntegration
import Testing

@Suite struct PeerCredentialsTests {
    @Test func aSocketpairPeerIsThisProcess() throws {
        let (a, b) = try TestSockets.pair()
        defer { close(a); close(b) }
        #expect(try PeerCredentials.of(fileDescriptor: a) == PeerCredentials(processID: getpid(), userID: getuid(), groupID: getgid()))
    }

    @Test func aConnectedClientOfAListeningSocket() throws {
        let folder = try TestSockets.temporaryDirectory()
        let path = folder + "/supervisor.sock"
        let listener = try TestSockets.bound(path, type: Int32(SOCK_STREAM.rawValue))
        let client = try TestSockets.connected(path)
        let server = accept(listener, nil, nil)
        defer { close(server); close(client); close(listener); unlink(path); rmdir(folder) }
        let peer = try PeerCredentials.of(fileDescriptor: server)
        #expect(peer.processID == getpid())
        #expect(peer.userID == getuid())
        #expect(try peer.groupIDs().contains(getgid()))
    }

    @Test func aPipeHasNoPeerCredentials() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let error = #expect(throws: SystemdError.self) { try PeerCredentials.of(fileDescriptor: fds[0]) }
        #expect(error?.errno == ENOTSOCK)
    }
}
