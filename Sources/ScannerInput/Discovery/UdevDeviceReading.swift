internal import CUdev

/// Reads one libudev device into a ``DiscoveredDevice``. One of the few files that call libudev;
/// pointers returned by the `get_parent*` calls belong to the child and are never unreferenced here.
enum UdevDeviceReading {
    /// `nil` for nodes discovery does not deal with: no device node, another subsystem, or an
    /// input node that is not `event*` (`mouse*`, `js*` and the `inputN` parents).
    static func discoveredDevice(_ device: OpaquePointer) -> DiscoveredDevice? {
        guard let subsystemName = string(udev_device_get_subsystem(device)),
              let subsystem = DeviceSubsystem(rawValue: subsystemName),
              let devnode = string(udev_device_get_devnode(device)),
              let syspath = string(udev_device_get_syspath(device)),
              let sysname = string(udev_device_get_sysname(device))
        else { return nil }
        if subsystem == .input && !sysname.hasPrefix("event") { return nil }
        let properties = properties(device)
        let usb = usbAncestor(device)
        return DiscoveredDevice(
            subsystem: subsystem, devnode: devnode, syspath: syspath,
            name: name(device, subsystem: subsystem, properties: properties, usb: usb, sysname: sysname),
            properties: properties, usb: usb)
    }

    /// The subsystem and syspath of a device, for removal events (its sysfs is already gone).
    static func syspathAndSubsystem(_ device: OpaquePointer) -> (String, DeviceSubsystem)? {
        guard let name = string(udev_device_get_subsystem(device)),
              let subsystem = DeviceSubsystem(rawValue: name),
              let syspath = string(udev_device_get_syspath(device)) else { return nil }
        return (syspath, subsystem)
    }

    static func properties(_ device: OpaquePointer) -> [String: String] {
        var result: [String: String] = [:]
        // udev_list_entry_foreach is a C macro and does not import: walk the list by hand.
        var entry = udev_device_get_properties_list_entry(device)
        while let current = entry {
            if let key = string(udev_list_entry_get_name(current)) {
                result[key] = string(udev_list_entry_get_value(current)) ?? ""
            }
            entry = udev_list_entry_get_next(current)
        }
        return result
    }

    private static func usbAncestor(_ device: OpaquePointer) -> USBAncestor? {
        guard let usb = udev_device_get_parent_with_subsystem_devtype(device, "usb", "usb_device") else {
            return nil
        }
        let interface = udev_device_get_parent_with_subsystem_devtype(device, "usb", "usb_interface")
        return USBAncestor(
            vendorID: attribute(usb, "idVendor").flatMap { UInt16($0, radix: 16) },
            productID: attribute(usb, "idProduct").flatMap { UInt16($0, radix: 16) },
            serial: attribute(usb, "serial"),
            manufacturer: attribute(usb, "manufacturer"),
            product: attribute(usb, "product"),
            interfaceNumber: interface.flatMap { attribute($0, "bInterfaceNumber") },
            portPath: string(udev_device_get_sysname(interface ?? usb)))
    }

    private static func name(
        _ device: OpaquePointer, subsystem: DeviceSubsystem, properties: [String: String],
        usb: USBAncestor?, sysname: String
    ) -> String {
        switch subsystem {
        case .input:
            // The event node's parent inputN carries the name the driver gave it.
            if let parent = udev_device_get_parent_with_subsystem_devtype(device, "input", nil),
               let name = attribute(parent, "name") { return name }
        case .hidraw:
            if let hid = udev_device_get_parent_with_subsystem_devtype(device, "hid", nil),
               let name = string(udev_device_get_property_value(hid, "HID_NAME")) { return name }
        case .tty:
            break
        }
        return properties["ID_MODEL_FROM_DATABASE"] ?? usb?.product ?? properties["ID_MODEL"] ?? sysname
    }

    private static func attribute(_ device: OpaquePointer, _ name: String) -> String? {
        guard let value = string(udev_device_get_sysattr_value(device, name)) else { return nil }
        let trimmed = value.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension String {
    /// sysfs attributes of cheap devices come with trailing blanks or newlines.
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
