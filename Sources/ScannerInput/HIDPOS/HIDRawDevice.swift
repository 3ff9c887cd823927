import Glibc
internal import CInputShim

/// What the kernel says about a hidraw node.
public struct HIDRawDeviceInfo: Sendable, Hashable {
    public var path: String
    public var name: String
    public var uniqueID: String?
    public var busType: UInt32
    public var vendorID: UInt16
    public var productID: UInt16
    /// The raw HID report descriptor, for ``HIDReportDescriptor/parse(_:)``.
    public var reportDescriptor: [UInt8]
}

/// An opened `/dev/hidrawN` scanner. Only this type touches a real node; ``reports`` is tested
/// through a packet socket, which keeps report boundaries as hidraw does.
public struct HIDRawDevice: ~Copyable {
    public let info: HIDRawDeviceInfo
    public var reports: HIDReportStream

    public static func open(path: String) throws(DeviceError) -> HIDRawDevice {
        let descriptor = try OwnedDescriptor.open(path, flags: O_RDWR | O_NONBLOCK)
        let fd = descriptor.fd
        var size: Int32 = 0
        _ = try KernelDoor.ioctl(fd, cis_hidiocgrdescsize(), "HIDIOCGRDESCSIZE", &size, path: path)
        guard size >= 0, size <= Int32(cis_hidraw_max_descriptor_size()) else {
            throw DeviceError(code: .unexpectedReply, path: path, operation: "HIDIOCGRDESCSIZE=\(size)")
        }
        var raw = hidraw_report_descriptor()
        raw.size = UInt32(size)
        _ = try KernelDoor.ioctl(fd, cis_hidiocgrdesc(), "HIDIOCGRDESC", &raw, path: path)
        let report = withUnsafeBytes(of: &raw.value) { Array($0.prefix(Int(size))) }
        var devinfo = hidraw_devinfo()
        _ = try KernelDoor.ioctl(fd, cis_hidiocgrawinfo(), "HIDIOCGRAWINFO", &devinfo, path: path)
        let cap = KernelDoor.stringCapacity
        let name = try KernelDoor.ioctlString(fd, cis_hidiocgrawname(cap), "HIDIOCGRAWNAME", path: path) ?? ""
        // HIDIOCGRAWUNIQ exists since Linux 5.6; older kernels answer EINVAL.
        let uniq = try KernelDoor.ioctlString(fd, cis_hidiocgrawuniq(cap), "HIDIOCGRAWUNIQ", path: path, optional: true)
        let info = HIDRawDeviceInfo(
            path: path, name: name, uniqueID: uniq.flatMap { $0.isEmpty ? nil : $0 },
            busType: devinfo.bustype,
            // The kernel declares vendor/product as __s16; ids above 0x7FFF must not turn negative.
            vendorID: UInt16(bitPattern: devinfo.vendor), productID: UInt16(bitPattern: devinfo.product),
            reportDescriptor: report)
        return HIDRawDevice(info: info, reports: HIDReportStream(descriptor: descriptor))
    }
}
