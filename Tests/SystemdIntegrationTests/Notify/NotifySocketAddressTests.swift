import Glibc
import SystemdIntegration
import Testing

@Suite struct NotifySocketAddressTests {
    @Test func pathsAndAbstractNames() throws {
        #expect(try NotifySocketAddress(parsing: "/run/systemd/notify") == .path("/run/systemd/notify"))
        #expect(try NotifySocketAddress(parsing: "@/org/freedesktop/systemd1/notify/42") == .abstract("/org/freedesktop/systemd1/notify/42"))
    }

    @Test(arguments: ["run/notify", "@", "vsock:2:1234", "/" + String(repeating: "a", count: 120)])
    func refusesWhatSdNotifyRefuses(_ value: String) {
        #expect(throws: SystemdError.self) { try NotifySocketAddress(parsing: value) }
    }

    @Test func notUnderSystemdIsANoOp() throws {
        let notifier = try SystemdNotifier.fromEnvironment([:])
        #expect(!notifier.isActive)
        #expect(try notifier.send(.ready) == false)
        #expect(try SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": ""]).isActive == false)
    }
}

@Suite struct NotifySocketAddressLimitTests {
    /// A case built directly skips parsing; sending to it must fail cleanly, not overrun sun_path.
    @Test func anOverlongAddressBuiltDirectlyIsRefused() {
        let notifier = SystemdNotifier(address: .path("/" + String(repeating: "n", count: 200)))
        let error = #expect(throws: SystemdError.self) { try notifier.send(.ready) }
        #expect(error?.errno == ENAMETOOLONG)
    }
}
