/// The name a device keeps across re-plugging, reboots and renumbered nodes.
///
/// Derived from what the device *is* (USB vendor, product and serial number) or, failing a serial
/// number, where it is plugged in (udev's `ID_PATH`, else the USB port path). Never from a counter or
/// the node number: `/dev/input/event3` may be `event7` after the next plug. The subsystem is part of
/// it because one scanner can expose several nodes (a keyboard interface and a HID POS interface).
///
/// ```
/// input/usb-0c2e:0b61-17001B2C3D-if00     serial number known
/// tty/path-pci-0000:00:14.0-usb-0:2:1.0   no serial: the port it is plugged into
/// tty/sys-/devices/pnp0/00:00/.../ttyS0   not USB: the kernel's device path
/// ```
public struct DeviceIdentity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Chooses the most stable name available; see the type's documentation for the order.
    public static func derive(
        subsystem: DeviceSubsystem, vendorID: UInt16?, productID: UInt16?, serial: String?,
        interfaceNumber: String?, idPath: String?, usbPortPath: String?, devpath: String
    ) -> DeviceIdentity {
        let interface = interfaceNumber.map { "-if\($0)" } ?? ""
        if let serial, !serial.isEmpty, let vendorID, let productID {
            return DeviceIdentity("\(subsystem)/usb-\(hex4(vendorID)):\(hex4(productID))-\(serial)\(interface)")
        }
        if let idPath, !idPath.isEmpty {
            return DeviceIdentity("\(subsystem)/path-\(idPath)")
        }
        if let usbPortPath, !usbPortPath.isEmpty {
            return DeviceIdentity("\(subsystem)/usb-port-\(usbPortPath)")
        }
        return DeviceIdentity("\(subsystem)/sys-\(devpath)")
    }
}

/// Four lowercase hex digits, as sysfs and udev print USB ids.
func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 4 - digits.count) + digits
}
