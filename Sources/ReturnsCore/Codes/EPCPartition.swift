/// A row of an EPC partition table: how the 44 (SGTIN) or 58 (SSCC) bits after the partition value
/// split between the GS1 Company Prefix and the item or serial reference.
struct EPCPartition: Sendable {
    let companyBits: Int
    let companyDigits: Int
    let referenceBits: Int
    let referenceDigits: Int

    /// SGTIN partition table (EPC TDS Table 14-2); reference = indicator digit + item reference.
    static let sgtin: [EPCPartition] = [
        .init(companyBits: 40, companyDigits: 12, referenceBits: 4, referenceDigits: 1),
        .init(companyBits: 37, companyDigits: 11, referenceBits: 7, referenceDigits: 2),
        .init(companyBits: 34, companyDigits: 10, referenceBits: 10, referenceDigits: 3),
        .init(companyBits: 30, companyDigits: 9, referenceBits: 14, referenceDigits: 4),
        .init(companyBits: 27, companyDigits: 8, referenceBits: 17, referenceDigits: 5),
        .init(companyBits: 24, companyDigits: 7, referenceBits: 20, referenceDigits: 6),
        .init(companyBits: 20, companyDigits: 6, referenceBits: 24, referenceDigits: 7),
    ]

    /// SSCC partition table (EPC TDS Table 14-5); reference = extension digit + serial reference.
    static let sscc: [EPCPartition] = [
        .init(companyBits: 40, companyDigits: 12, referenceBits: 18, referenceDigits: 5),
        .init(companyBits: 37, companyDigits: 11, referenceBits: 21, referenceDigits: 6),
        .init(companyBits: 34, companyDigits: 10, referenceBits: 24, referenceDigits: 7),
        .init(companyBits: 30, companyDigits: 9, referenceBits: 28, referenceDigits: 8),
        .init(companyBits: 27, companyDigits: 8, referenceBits: 31, referenceDigits: 9),
        .init(companyBits: 24, companyDigits: 7, referenceBits: 34, referenceDigits: 10),
        .init(companyBits: 20, companyDigits: 6, referenceBits: 38, referenceDigits: 11),
    ]
}
