import ScannerInput

/// Devices as udev would describe them on a dock, for the pure selection and supervision tests.
enum DeviceFixtures {
    /// A Honeywell keyboard-wedge scanner's event node, tagged by 70-returnstation.rules.
    static func honeywellWedge(serial: String? = "17001B2C3D", syspathPort: String = "1-2", event: Int = 3) -> DiscoveredDevice {
        var properties = [
            "ID_VENDOR_ID": "0c2e", "ID_MODEL_ID": "0b61", "ID_USB_INTERFACE_NUM": "00",
            "ID_PATH": "pci-0000:00:14.0-usb-0:\(syspathPort.dropFirst(2)):1.0",
            "RETURNSTATION_DEVICE": "scanner", "RETURNSTATION_ROLE": "keyboard-wedge",
        ]
        if let serial { properties["ID_SERIAL_SHORT"] = serial }
        return DiscoveredDevice(
            subsystem: .input, devnode: "/dev/input/event\(event)",
            syspath: "/sys/devices/pci0000:00/0000:00:14.0/usb1/\(syspathPort)/\(syspathPort):1.0/0003:0C2E:0B61.000\(event)/input/input\(event + 10)/event\(event)",
            name: "Honeywell Imaging & Mobility 1950g", properties: properties)
    }

    /// The same scanner's hidraw node in HID POS mode.
    static func honeywellHIDPOS(serial: String = "17001B2C3D", hidraw: Int = 0) -> DiscoveredDevice {
        DiscoveredDevice(
            subsystem: .hidraw, devnode: "/dev/hidraw\(hidraw)",
            syspath: "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:0C2E:0B61.0001/hidraw/hidraw\(hidraw)",
            name: "Honeywell Imaging & Mobility 1950g",
            properties: ["ID_VENDOR_ID": "0c2e", "ID_MODEL_ID": "0b61", "ID_SERIAL_SHORT": serial,
                         "RETURNSTATION_DEVICE": "scanner", "RETURNSTATION_ROLE": "hid-pos"])
    }

    /// An RFID reader behind an FTDI bridge, tagged `rfid` by a site rule; no serial number.
    static func rfidReader(port: String = "1-3", tty: Int = 0) -> DiscoveredDevice {
        DiscoveredDevice(
            subsystem: .tty, devnode: "/dev/ttyUSB\(tty)",
            syspath: "/sys/devices/pci0000:00/0000:00:14.0/usb1/\(port)/\(port):1.0/ttyUSB\(tty)/tty/ttyUSB\(tty)",
            name: "FT232R USB UART", properties: ["RETURNSTATION_DEVICE": "rfid", "RETURNSTATION_ROLE": "serial"],
            usb: USBAncestor(vendorID: 0x0403, productID: 0x6001, interfaceNumber: "00", portPath: "\(port):1.0"))
    }

    static let selector = try! DeviceSelector(rules: [
        SelectionRule(name: "hidpos", kind: .hidPOS, properties: ["RETURNSTATION_ROLE": "hid-pos"]),
        SelectionRule(name: "wedge", kind: .keyboardWedge, properties: ["RETURNSTATION_DEVICE": "scanner"]),
        SelectionRule(name: "rfid", kind: .rfidSerial, properties: ["RETURNSTATION_DEVICE": "rfid"]),
    ])
}
