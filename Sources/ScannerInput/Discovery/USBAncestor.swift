/// What the USB device (and interface) above a node says about itself, read from sysfs attributes.
///
/// udev's `ID_*` properties carry the same facts once its rules have run; these attributes are the
/// fallback when the udev database is absent (containers, early boot) or the rules did not import them.
public struct USBAncestor: Sendable, Hashable {
    public var vendorID: UInt16?
    public var productID: UInt16?
    public var serial: String?
    public var manufacturer: String?
    public var product: String?
    /// `bInterfaceNumber` of the interface the node belongs to, two hex digits (`00`).
    public var interfaceNumber: String?
    /// The kernel name of the interface, e.g. `1-1.4:1.0` (bus-port.port:config.interface): the
    /// physical port, stable as long as the device stays in that socket.
    public var portPath: String?

    public init(
        vendorID: UInt16? = nil, productID: UInt16? = nil, serial: String? = nil,
        manufacturer: String? = nil, product: String? = nil, interfaceNumber: String? = nil,
        portPath: String? = nil
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.serial = serial
        self.manufacturer = manufacturer
        self.product = product
        self.interfaceNumber = interfaceNumber
        self.portPath = portPath
    }
}
