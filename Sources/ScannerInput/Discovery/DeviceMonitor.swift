import Glibc
internal import CUdev

/// Watches udev for devices being added, changed and removed.
///
/// Listens on the `udev` netlink group, i.e. to events *after* udev's rules ran, so properties such
/// as `RETURNSTATION_DEVICE` are already set and the node already has its group and mode. The socket
/// is non-blocking: wait on ``fileDescriptor`` (poll, or ``waitReadable(timeoutMillis:)``) and then
/// drain ``receive()`` until it returns `nil`.
///
/// ```swift
/// var monitor = try DeviceMonitor()
/// let present = try DeviceEnumerator.enumerate()   // after the monitor exists: nothing is missed
/// while try monitor.waitReadable(timeoutMillis: 1000) {
///     while let event = try monitor.receive() { handle(event) }
/// }
/// ```
public struct DeviceMonitor: ~Copyable, @unchecked Sendable {
    // @unchecked: the libudev objects are owned by this noncopyable value alone (its own context),
    // so moving it to another task is safe; libudev is only unsafe when objects are shared.
    private let udev: OpaquePointer
    private let monitor: OpaquePointer
    public let subsystems: Set<DeviceSubsystem>

    /// Creates, filters and binds the monitor. Throws ``DiscoveryError/Code/monitor`` when netlink is
    /// unavailable (e.g. a network namespace without it).
    public init(subsystems: Set<DeviceSubsystem> = Set(DeviceSubsystem.allCases)) throws(DiscoveryError) {
        let subject = subsystems.map(\.rawValue).sorted().joined(separator: ",")
        guard let udev = udev_new() else {
            throw DiscoveryError(code: .context, operation: "udev_new", subject: subject, errno: Glibc.errno)
        }
        guard let monitor = udev_monitor_new_from_netlink(udev, "udev") else {
            let err = Glibc.errno
            udev_unref(udev)
            throw DiscoveryError(code: .monitor, operation: "udev_monitor_new_from_netlink(udev)", subject: subject, errno: err)
        }
        // Filtering happens in the kernel (a BPF program on the socket), so other devices cost nothing.
        var failure: DiscoveryError?
        for subsystem in subsystems.sorted(by: { $0.rawValue < $1.rawValue }) {
            let r = udev_monitor_filter_add_match_subsystem_devtype(monitor, subsystem.rawValue, nil)
            if r < 0 {
                failure = DiscoveryError(code: .monitor, operation: "udev_monitor_filter_add_match_subsystem_devtype", subject: subsystem.rawValue, errno: -r)
                break
            }
        }
        if failure == nil {
            let r = udev_monitor_enable_receiving(monitor)
            if r < 0 {
                failure = DiscoveryError(code: .monitor, operation: "udev_monitor_enable_receiving", subject: subject, errno: -r)
            }
        }
        if let failure {
            udev_monitor_unref(monitor)
            udev_unref(udev)
            throw failure
        }
        // A burst (a hub with several readers plugged in) must not overflow the default buffer.
        // Best effort: a smaller buffer still works, and an overflow is reported as .eventsLost.
        _ = udev_monitor_set_receive_buffer_size(monitor, 4 * 1024 * 1024)
        self.udev = udev
        self.monitor = monitor
        self.subsystems = subsystems
    }

    deinit {
        udev_monitor_unref(monitor)
        udev_unref(udev)
    }

    /// The netlink socket, for `poll`/`epoll` (readable when events are waiting).
    public var fileDescriptor: Int32 { udev_monitor_get_fd(monitor) }

    /// Waits up to `timeoutMillis` (−1: forever) for an event; `false` on timeout.
    public func waitReadable(timeoutMillis: Int32) throws(DeviceError) -> Bool {
        try KernelDoor.poll(fileDescriptor, events: Int16(POLLIN), timeoutMillis: timeoutMillis, path: "udev monitor")
    }

    /// The next event, or `nil` when none is waiting. Skips events discovery has no use for
    /// (`bind`/`unbind`/`move`, input nodes other than `event*`).
    public mutating func receive() throws(DiscoveryError) -> DeviceEvent? {
        while true {
            guard let device = udev_monitor_receive_device(monitor) else {
                let err = Glibc.errno
                if err == EAGAIN || err == EWOULDBLOCK || err == EINTR || err == 0 { return nil }
                if err == ENOBUFS { return .eventsLost }
                throw DiscoveryError(code: .monitor, operation: "udev_monitor_receive_device", subject: "udev netlink", errno: err)
            }
            defer { udev_device_unref(device) }
            if let event = Self.event(device) { return event }
        }
    }

    private static func event(_ device: OpaquePointer) -> DeviceEvent? {
        switch UdevDeviceReading.string(udev_device_get_action(device)) {
        case "add":
            return UdevDeviceReading.discoveredDevice(device).map(DeviceEvent.added)
        case "change":
            return UdevDeviceReading.discoveredDevice(device).map(DeviceEvent.changed)
        case "remove":
            guard let (syspath, subsystem) = UdevDeviceReading.syspathAndSubsystem(device) else { return nil }
            if subsystem == .input && syspath.split(separator: "/").last?.hasPrefix("event") != true { return nil }
            return .removed(syspath: syspath, subsystem: subsystem)
        default:
            return nil
        }
    }
}
