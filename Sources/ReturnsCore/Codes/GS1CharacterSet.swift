/// The GS1 character sets for AI values, as 128-entry lookup tables so a check is one load.
enum GS1CharacterSet {
    /// CSET 82: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z.
    static let cset82: [Bool] = table(
        "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
    /// CSET 39: # - / 0-9 A-Z.
    static let cset39: [Bool] = table("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    static func isCSET82(_ byte: UInt8) -> Bool { byte < 128 && cset82[Int(byte)] }
    static func isCSET39(_ byte: UInt8) -> Bool { byte < 128 && cset39[Int(byte)] }

    private static func table(_ members: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 128)
        for byte in members.utf8 { table[Int(byte)] = true }
        return table
    }
}
