import Testing
import ScannerInput

@Suite("Device identity")
struct DeviceIdentityTests {
    @Test func serialNumberGivesIdentityIndependentOfNodeAndPort() {
        let first = DeviceFixtures.honeywellWedge(syspathPort: "1-2", event: 3)
        let replugged = DeviceFixtures.honeywellWedge(syspathPort: "1-4", event: 7)
        #expect(first.identity == "input/usb-0c2e:0b61-17001B2C3D-if00")
        #expect(replugged.identity == first.identity)
        #expect(replugged.devnode != first.devnode)
    }

    @Test func withoutSerialThePortPathIsTheIdentity() {
        let plugged = DeviceFixtures.honeywellWedge(serial: nil, syspathPort: "1-2", event: 3)
        let samePortNewNode = DeviceFixtures.honeywellWedge(serial: nil, syspathPort: "1-2", event: 9)
        let otherPort = DeviceFixtures.honeywellWedge(serial: nil, syspathPort: "1-4", event: 3)
        #expect(plugged.identity == "input/path-pci-0000:00:14.0-usb-0:2:1.0")
        #expect(samePortNewNode.identity == plugged.identity)
        #expect(otherPort.identity != plugged.identity)
    }

    @Test func withoutUdevDatabaseUSBAttributesAreUsed() {
        // No ID_* properties (no udev daemon): vendor, product and serial come from sysfs attributes.
        let device = DiscoveredDevice(
            subsystem: .tty, devnode: "/dev/ttyACM0", syspath: "/sys/devices/x/1-1.4/1-1.4:1.0/tty/ttyACM0",
            name: "Gryphon", usb: USBAncestor(vendorID: 0x05f9, productID: 0x4204, serial: "S123", interfaceNumber: "00", portPath: "1-1.4:1.0"))
        #expect(device.vendorID == 0x05f9)
        #expect(device.identity == "tty/usb-05f9:4204-S123-if00")
        let anonymous = DiscoveredDevice(
            subsystem: .tty, devnode: "/dev/ttyACM0", syspath: "/sys/devices/x/1-1.4/1-1.4:1.0/tty/ttyACM0",
            name: "Gryphon", usb: USBAncestor(vendorID: 0x05f9, productID: 0x4204, portPath: "1-1.4:1.0"))
        #expect(anonymous.identity == "tty/usb-port-1-1.4:1.0")
    }

    @Test func nonUSBDeviceFallsBackToKernelDevicePath() {
        let device = DiscoveredDevice(subsystem: .tty, devnode: "/dev/ttyS0", syspath: "/sys/devices/pnp0/00:00/tty/ttyS0", name: "ttyS0")
        #expect(device.identity == "tty/sys-/devices/pnp0/00:00/tty/ttyS0")
    }

    @Test func sameScannerOnTwoSubsystemsHasTwoIdentities() {
        #expect(DeviceFixtures.honeywellWedge().identity != DeviceFixtures.honeywellHIDPOS().identity)
    }
}
