import Foundation
import Testing
import ScannerInput

/// Runs libudev against this machine's real /sys. The test machines have no USB, no /dev/input and
/// no udev daemon, but they do have the tty class (console, ptmx, tty, tty0…, ttyS0), and libudev
/// enumerates /sys directly, so the tty subsystem is the honest real-world check.
@Suite("libudev enumeration of the real tty subsystem")
struct UdevEnumerationTests {
    /// What the kernel lists, read without libudev: every /sys/class/tty entry with a device number.
    func kernelTTYs() throws -> Set<String> {
        let names = try FileManager.default.contentsOfDirectory(atPath: "/sys/class/tty")
        return Set(names.filter { FileManager.default.fileExists(atPath: "/sys/class/tty/\($0)/dev") })
    }

    @Test func enumeratesWhatSysfsLists() throws {
        let devices = try DeviceEnumerator.enumerate(subsystems: [.tty])
        let expected = try kernelTTYs()
        try #require(!expected.isEmpty, "this machine has no /sys/class/tty entries")
        #expect(Set(devices.map { ($0.devnode as NSString).lastPathComponent }) == expected)
        for device in devices {
            #expect(device.subsystem == .tty)
            #expect(device.devnode.hasPrefix("/dev/"))
            // The syspath is where /sys/class/tty/<name> points.
            let name = (device.devnode as NSString).lastPathComponent
            let resolved = URL(fileURLWithPath: "/sys/class/tty/\(name)").resolvingSymlinksInPath().path
            #expect(device.syspath == resolved)
            #expect(!device.name.isEmpty)
            #expect(device.properties["DEVNAME"] != nil, "uevent properties are read")
        }
    }

    @Test func identitiesAreUniqueAndStableAcrossEnumerations() throws {
        let first = try DeviceEnumerator.enumerate(subsystems: [.tty])
        let second = try DeviceEnumerator.enumerate(subsystems: [.tty])
        #expect(first.map(\.identity) == second.map(\.identity))
        #expect(Set(first.map(\.identity)).count == first.count)
        // Nothing here is USB, so every identity is the kernel device path (no devnode counters).
        for device in first where device.vendorID == nil {
            #expect(device.identity.rawValue.hasPrefix("tty/"))
            #expect(!device.identity.rawValue.contains("/dev/"))
        }
    }

    @Test func consoleAndPtmxAreVirtualDevices() throws {
        let devices = try DeviceEnumerator.enumerate(subsystems: [.tty])
        let ptmx = try #require(devices.first { $0.devnode == "/dev/ptmx" })
        #expect(ptmx.syspath == "/sys/devices/virtual/tty/ptmx")
        #expect(ptmx.identity == "tty/sys-/devices/virtual/tty/ptmx")
        #expect(ptmx.vendorID == nil && ptmx.serial == nil)
    }

    @Test func otherSubsystemsEnumerateWithoutError() throws {
        // No /dev/input or hidraw here: the honest expectation is "whatever sysfs has", not a count.
        let inputs = try DeviceEnumerator.enumerate(subsystems: [.input, .hidraw])
        let sysInputs = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/input"))?.filter { $0.hasPrefix("event") } ?? []
        let sysHidraw = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/hidraw")) ?? []
        #expect(inputs.count == sysInputs.count + sysHidraw.count)
        #expect(inputs.allSatisfy { $0.subsystem != .input || $0.devnode.contains("/event") })
    }
}
