import Foundation
import Testing

private let analyzeAvailable = TestProcess.exists("/usr/bin/systemd-analyze")

/// The unit files, checked by systemd's own tools.
@Suite(.enabled(if: analyzeAvailable, "needs systemd-analyze"))
struct SystemdUnitTests {
    @Test func verifyPassesWithoutAWarning() throws {
        let root = try UnitRoot.make()
        defer { root.remove() }
        let result = try TestProcess.run("/usr/bin/systemd-analyze", ["verify", "--root=" + root.path] + UnitRoot.units)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "systemd-analyze verify:\n\(result.stdout)\(result.stderr)")
    }

    /// `verify` exits 0 even for unknown keys, so the test above relies on its silence; prove that it
    /// does speak up for one.
    @Test func verifyWouldReportAnUnknownKey() throws {
        let root = try UnitRoot.make(replacing: ["UMask=0027": "UMask=0027\nProtectEverything=yes"])
        defer { root.remove() }
        let result = try TestProcess.run("/usr/bin/systemd-analyze", ["verify", "--root=" + root.path, "returnsd.service"])
        #expect(result.stderr.contains("Unknown key 'ProtectEverything'"))
    }

    /// The exposure `systemd-analyze security` gives each service is the one docs/OPERATIONS.md reports.
    @Test(arguments: ["returnsd.service", "returns-ledger.service"])
    func securityExposureIsTheDocumentedOne(unit: String) throws {
        let root = try UnitRoot.make()
        defer { root.remove() }
        let result = try TestProcess.run("/usr/bin/systemd-analyze",
                                         ["security", "--offline=yes", "--root=" + root.path, "--no-pager", unit])
        #expect(result.status == 0, "\(result.stderr)")
        let marker = "Overall exposure level for \(unit): "
        let measured = try #require(result.stdout.components(separatedBy: marker).dropFirst().first?.split(separator: " ").first)
        let documented = try RepositoryFiles.text("docs/OPERATIONS.md")
        #expect(documented.contains("`\(unit)`: **\(measured)**"), "docs/OPERATIONS.md should report \(unit) at \(measured)")
    }

    /// Every `DeviceAllow=char-NAME` must be a /proc/devices driver name. The serial ones appear only once
    /// their drivers are loaded, which modules-load.d/returnsd.conf arranges at boot.
    @Test func deviceClassesAreKernelDriverNames() throws {
        let unit = try RepositoryFiles.text("systemd/returnsd.service")
        let classes = unit.split(separator: "\n").filter { $0.hasPrefix("DeviceAllow=char-") }
            .map { String($0.dropFirst("DeviceAllow=char-".count).split(separator: " ")[0]) }
        #expect(classes == ["input", "hidraw", "ttyACM", "ttyUSB"])
        let devices = try String(contentsOfFile: "/proc/devices", encoding: .utf8)
        let registered = Set(devices.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        let modules = try RepositoryFiles.text("systemd/modules-load.d/returnsd.conf")
        let loadedAtBoot = ["ttyACM": "cdc_acm", "ttyUSB": "usbserial"]
        for name in classes where !registered.contains(name) {
            let module = try #require(loadedAtBoot[name], "char-\(name) is not in /proc/devices and no module provides it")
            #expect(modules.split(separator: "\n").contains(Substring(module)))
        }
    }
}
