import Glibc
internal import CUdev

/// Lists the devices present now, through libudev (which walks `/sys`; it needs no udev daemon).
///
/// ```swift
/// for device in try DeviceEnumerator.enumerate() where selector.select(device) != nil { ... }
/// ```
/// Call it at start-up and after ``DeviceEvent/eventsLost``; the ``DeviceMonitor`` reports changes
/// in between. Create the monitor *before* enumerating so nothing plugged in between is missed.
public enum DeviceEnumerator {
    /// Devices of `subsystems` that have a node, ordered by syspath (input: `event*` nodes only).
    public static func enumerate(
        subsystems: Set<DeviceSubsystem> = Set(DeviceSubsystem.allCases)
    ) throws(DiscoveryError) -> [DiscoveredDevice] {
        let subject = subsystems.map(\.rawValue).sorted().joined(separator: ",")
        // A context per call: libudev objects are not thread-safe, so none is shared between tasks.
        guard let udev = udev_new() else {
            throw DiscoveryError(code: .context, operation: "udev_new", subject: subject, errno: Glibc.errno)
        }
        defer { udev_unref(udev) }
        guard let enumerate = udev_enumerate_new(udev) else {
            throw DiscoveryError(code: .enumerate, operation: "udev_enumerate_new", subject: subject, errno: Glibc.errno)
        }
        defer { udev_enumerate_unref(enumerate) }
        for subsystem in subsystems.sorted(by: { $0.rawValue < $1.rawValue }) {
            // Several subsystem matches are OR-ed by libudev.
            let r = udev_enumerate_add_match_subsystem(enumerate, subsystem.rawValue)
            guard r >= 0 else {
                throw DiscoveryError(code: .enumerate, operation: "udev_enumerate_add_match_subsystem", subject: subsystem.rawValue, errno: -r)
            }
        }
        let r = udev_enumerate_scan_devices(enumerate)
        guard r >= 0 else {
            throw DiscoveryError(code: .enumerate, operation: "udev_enumerate_scan_devices", subject: subject, errno: -r)
        }
        var devices: [DiscoveredDevice] = []
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            entry = udev_list_entry_get_next(current)
            // A device can vanish between the scan and this read; it is then simply not listed.
            guard let syspath = udev_list_entry_get_name(current),
                  let device = udev_device_new_from_syspath(udev, syspath) else { continue }
            defer { udev_device_unref(device) }
            if let found = UdevDeviceReading.discoveredDevice(device) { devices.append(found) }
        }
        return devices.sorted { $0.syspath < $1.syspath }
    }
}
