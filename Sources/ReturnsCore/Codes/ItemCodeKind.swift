/// Which kind of item code a scan held.
public enum ItemCodeKind: String, Sendable, Codable {
    /// A plain GTIN-8/12/13/14 (EAN/UPC, ITF-14), or a UPC-E expanded to its GTIN.
    case gtin
    /// A GS1 element string (GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar).
    case gs1
    /// An RFID EPC.
    case epc
}
