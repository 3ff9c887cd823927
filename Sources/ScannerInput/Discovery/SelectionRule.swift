import Glibc

/// One configured rule: which devices a reader kind takes. Every criterion given must hold.
///
/// ```swift
/// SelectionRule(name: "honeywell-wedge", kind: .keyboardWedge, vendorID: 0x0c2e)
/// SelectionRule(name: "tagged-rfid", kind: .rfidSerial, properties: ["RETURNSTATION_DEVICE": "rfid"])
/// SelectionRule(name: "datalogic", kind: .serialScanner, namePattern: "*Gryphon*")
/// ```
public struct SelectionRule: Sendable, Hashable, Codable {
    /// Shown in logs and the supervisor API ("started by rule honeywell-wedge").
    public var name: String
    public var kind: ReaderKind
    public var vendorID: UInt16?
    public var productID: UInt16?
    /// `fnmatch(3)` glob against ``DiscoveredDevice/name``, e.g. `"*Honeywell*"`; case-sensitive.
    public var namePattern: String?
    /// udev properties that must be present with exactly these values.
    public var properties: [String: String]

    public init(
        name: String, kind: ReaderKind, vendorID: UInt16? = nil, productID: UInt16? = nil,
        namePattern: String? = nil, properties: [String: String] = [:]
    ) {
        self.name = name
        self.kind = kind
        self.vendorID = vendorID
        self.productID = productID
        self.namePattern = namePattern
        self.properties = properties
    }

    /// A rule with no criterion would take every node of its subsystem (every tty, every keyboard).
    public var hasCriteria: Bool {
        vendorID != nil || productID != nil || namePattern != nil || !properties.isEmpty
    }

    public func matches(_ device: DiscoveredDevice) -> Bool {
        guard device.subsystem == kind.subsystem, hasCriteria else { return false }
        if let vendorID, device.vendorID != vendorID { return false }
        if let productID, device.productID != productID { return false }
        if let namePattern, fnmatch(namePattern, device.name, 0) != 0 { return false }
        return properties.allSatisfy { device.properties[$0.key] == $0.value }
    }
}
