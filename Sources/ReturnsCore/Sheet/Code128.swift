/// Code 128 (ISO/IEC 15417), code set B: the symbology of the laminated command sheet. Command texts
/// are printable ASCII, which set B covers whole; every scanner reads it.
public enum Code128 {
    /// Element widths (bar, space, bar, space, bar, space) of symbol values 0…106; 106 is the stop,
    /// which has a seventh (final bar) element.
    public static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]

    public static let startB = 104
    public static let stop = 106

    /// The symbol values: start B, one per character, the check value, stop.
    public static func values(for text: String) throws(SheetError) -> [Int] {
        var values = [startB]
        for scalar in text.unicodeScalars {
            guard scalar.value >= 32, scalar.value <= 126 else {
                throw SheetError(text: text, reason: "character U+\(String(scalar.value, radix: 16)) is not printable ASCII (Code 128 set B)")
            }
            values.append(Int(scalar.value) - 32)
        }
        values.append(checkValue(values))
        values.append(stop)
        return values
    }

    /// Modulo-103 weighted sum: the start counts once, the n-th data symbol n times.
    public static func checkValue(_ startAndData: [Int]) -> Int {
        var sum = startAndData[0]
        for (position, value) in startAndData.enumerated().dropFirst() { sum += value * position }
        return sum % 103
    }

    /// Module widths from the first bar to the last, quiet zones not included.
    public static func widths(for text: String) throws(SheetError) -> [Int] {
        try values(for: text).flatMap { patterns[$0].map { Int(String($0))! } }
    }
}

public struct SheetError: Error, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "cannot print '\(text)': \(reason)" }
}
