import Glibc
import SystemdIntegration
import Testing

/// The syscall half of socket activation, on real descriptors in this process.
@Suite struct SocketActivationTests {
    @Test func aListeningUnixStreamSocketIsRecognisedAndMadeCloseOnExec() throws {
        let folder = try TestSockets.temporaryDirectory()
        let path = folder + "/supervisor.sock"
        let fd = try TestSockets.bound(path, type: Int32(SOCK_STREAM.rawValue))
        defer { close(fd); unlink(path); rmdir(folder) }
        // systemd passes descriptors without FD_CLOEXEC; start from that state.
        _ = fcntl(fd, F_SETFD, 0)

        let socket = try SocketActivation.inspect(PassedDescriptor(fileDescriptor: fd, name: "supervisor"))
        #expect(socket == ListenedSocket(fileDescriptor: fd, name: "supervisor", domain: .unix, kind: .stream, isListening: true))
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        #expect(try [socket].socket(named: "supervisor") == socket)
    }

    @Test func aDatagramSocketIsReportedAsSuch() throws {
        let (a, b) = try TestSockets.pair(type: Int32(SOCK_DGRAM.rawValue))
        defer { close(a); close(b) }
        let socket = try SocketActivation.inspect(PassedDescriptor(fileDescriptor: a, name: "x"))
        #expect(socket.kind == .datagram)
        #expect(!socket.isListening)
        // The supervisor needs a listening stream socket: a datagram one is refused with a remedy.
        let error = #expect(throws: SystemdError.self) { try [socket].socket(named: "x") }
        #expect(error?.description.contains("ListenStream=") == true)
    }

    @Test func aPipeIsNotASocket() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let error = #expect(throws: SystemdError.self) { try SocketActivation.inspect(PassedDescriptor(fileDescriptor: fds[0], name: "p")) }
        #expect(error?.errno == ENOTSOCK)
    }

    @Test func aClosedDescriptorFailsWithEBADF() throws {
        // Far above anything this process opens, so a parallel test cannot reuse the number meanwhile.
        let error = #expect(throws: SystemdError.self) { try SocketActivation.inspect(PassedDescriptor(fileDescriptor: 900_000, name: "gone")) }
        #expect(error?.errno == EBADF)
    }

    @Test func aMissingNameTellsWhichNamesWerePassed() {
        let socket = ListenedSocket(fileDescriptor: 3, name: "unknown", domain: .unix, kind: .stream, isListening: true)
        let error = #expect(throws: SystemdError.self) { try [socket].socket(named: "supervisor") }
        #expect(error?.description.contains("FileDescriptorName=supervisor") == true)
        #expect(error?.description.contains("unknown") == true)
    }
}
