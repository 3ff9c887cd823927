/// One device node that discovery found, with everything selection and logging need.
///
/// A plain value: ``DeviceEnumerator`` and ``DeviceMonitor`` build it from libudev, tests build it
/// directly. ``identity`` is what readers, lanes and ``RawScan/deviceID`` use.
public struct DiscoveredDevice: Sendable, Hashable {
    public var subsystem: DeviceSubsystem
    /// `/dev/input/event3`, `/dev/hidraw0`, `/dev/ttyACM0`: what a reader opens (changes between plugs).
    public var devnode: String
    /// `/sys/devices/...`: what the kernel calls it while it is plugged in; removal events carry it.
    public var syspath: String
    /// Human name: the input device's name, the HID name, or the USB product string.
    public var name: String
    public var vendorID: UInt16?
    public var productID: UInt16?
    /// USB serial number (`ID_SERIAL_SHORT`, else the `serial` attribute).
    public var serial: String?
    /// udev's `ID_PATH`: where the device is plugged in (set once udev's rules have run).
    public var idPath: String?
    /// Every udev property, e.g. `RETURNSTATION_DEVICE=scanner` set by `70-returnstation.rules`.
    public var properties: [String: String]
    public var identity: DeviceIdentity

    /// Builds the value from udev properties and USB attributes, preferring the properties (udev's
    /// rules may have normalised them), and derives the identity.
    public init(
        subsystem: DeviceSubsystem, devnode: String, syspath: String, name: String,
        properties: [String: String] = [:], usb: USBAncestor? = nil
    ) {
        self.subsystem = subsystem
        self.devnode = devnode
        self.syspath = syspath
        self.name = name
        self.properties = properties
        self.vendorID = properties["ID_VENDOR_ID"].flatMap { UInt16($0, radix: 16) } ?? usb?.vendorID
        self.productID = properties["ID_MODEL_ID"].flatMap { UInt16($0, radix: 16) } ?? usb?.productID
        self.serial = Self.nonEmpty(properties["ID_SERIAL_SHORT"]) ?? Self.nonEmpty(usb?.serial)
        self.idPath = Self.nonEmpty(properties["ID_PATH"])
        let devpath = properties["DEVPATH"] ?? String(syspath.dropFirst(syspath.hasPrefix("/sys") ? 4 : 0))
        self.identity = DeviceIdentity.derive(
            subsystem: subsystem, vendorID: vendorID, productID: productID, serial: serial,
            interfaceNumber: Self.nonEmpty(properties["ID_USB_INTERFACE_NUM"]) ?? usb?.interfaceNumber,
            idPath: idPath, usbPortPath: usb?.portPath, devpath: devpath)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
