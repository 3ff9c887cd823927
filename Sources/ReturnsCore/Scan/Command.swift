/// An instruction from the laminated command sheet.
public enum Command: Hashable, Sendable {
    case close, cancel, undo
    case quantity(Int)
    case condition(ItemCondition)
    case reason(ReturnReason)
    case disposition(Disposition)
    case setOperator(String)

    /// The barcode text with the default prefixes, e.g. `COND:DAMAGED`.
    public var defaultBarcode: String { CommandBarcodes.standard.barcode(for: self) }
}
