import Glibc
internal import CInputShim

/// What the kernel says about an input device, for matching configuration and for logs.
public struct EvdevDeviceInfo: Sendable, Hashable {
    public var path: String
    public var name: String
    /// Physical topology, e.g. `usb-0000:00:14.0-2/input0` (a stable port path).
    public var physicalLocation: String?
    /// Serial number when the device reports one (`EVIOCGUNIQ`), the best stable identity.
    public var uniqueID: String?
    public var busType: UInt16
    public var vendorID: UInt16
    public var productID: UInt16
    public var version: UInt16
}

/// An opened `/dev/input/eventN` keyboard-wedge scanner.
///
/// The only part of the evdev path that touches a real node; everything behind ``events`` is
/// tested through pipes.
public struct EvdevDevice: ~Copyable {
    public let info: EvdevDeviceInfo
    public var events: InputEventStream

    /// Opens and identifies the device, switches its timestamps to `CLOCK_MONOTONIC` (so
    /// ``InputEvent/timestampNanos`` can feed the inter-key timeout directly) and, when `grab` is set,
    /// takes it exclusively so scans do not also type into a console.
    public static func open(path: String, grab: Bool = true) throws(DeviceError) -> EvdevDevice {
        let descriptor = try OwnedDescriptor.open(path, flags: O_RDONLY | O_NONBLOCK)
        let fd = descriptor.fd
        let cap = KernelDoor.stringCapacity
        let name = try KernelDoor.ioctlString(fd, cis_eviocgname(cap), "EVIOCGNAME", path: path) ?? ""
        let phys = try KernelDoor.ioctlString(fd, cis_eviocgphys(cap), "EVIOCGPHYS", path: path, optional: true)
        let uniq = try KernelDoor.ioctlString(fd, cis_eviocguniq(cap), "EVIOCGUNIQ", path: path, optional: true)
        var id = input_id()
        _ = try KernelDoor.ioctl(fd, cis_eviocgid(), "EVIOCGID", &id, path: path)
        var clock: Int32 = CLOCK_MONOTONIC
        _ = try KernelDoor.ioctl(fd, cis_eviocsclockid(), "EVIOCSCLOCKID", &clock, path: path)
        if grab {
            // EBUSY here means another process (a console, another daemon) holds the grab.
            _ = try KernelDoor.ioctl(fd, cis_eviocgrab(), "EVIOCGRAB", value: 1, path: path)
        }
        let info = EvdevDeviceInfo(
            path: path, name: name,
            physicalLocation: phys.flatMap { $0.isEmpty ? nil : $0 },
            uniqueID: uniq.flatMap { $0.isEmpty ? nil : $0 },
            busType: id.bustype, vendorID: id.vendor, productID: id.product, version: id.version)
        // The grab ends when the descriptor is closed, so no explicit release is needed.
        return EvdevDevice(info: info, events: InputEventStream(descriptor: descriptor))
    }

    /// The event stream alone, for a reader that has logged ``info`` and now only reads.
    public consuming func takeEvents() -> InputEventStream { events }
}
