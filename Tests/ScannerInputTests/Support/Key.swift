/// evdev keycodes from <linux/input-event-codes.h> used by the scenarios.
enum Key {
    static let esc: UInt16 = 1
    static let digits: [Character: UInt16] = ["1": 2, "2": 3, "3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8": 9, "9": 10, "0": 11]
    static let minus: UInt16 = 12
    static let tab: UInt16 = 15
    static let leftBrace: UInt16 = 26
    static let rightBrace: UInt16 = 27
    static let enter: UInt16 = 28
    static let leftCtrl: UInt16 = 29
    static let leftShift: UInt16 = 42
    static let leftAlt: UInt16 = 56
    static let space: UInt16 = 57
    static let capsLock: UInt16 = 58
    static let kpEnter: UInt16 = 96
    static let rightAlt: UInt16 = 100
    static let keypad: [UInt16] = [82, 79, 80, 81, 75, 76, 77, 71, 72, 73]  // KP0…KP9
    static let letters: [Character: UInt16] = [
        "q": 16, "w": 17, "e": 18, "r": 19, "t": 20, "y": 21, "u": 22, "i": 23, "o": 24, "p": 25,
        "a": 30, "s": 31, "d": 32, "f": 33, "g": 34, "h": 35, "j": 36, "k": 37, "l": 38,
        "z": 44, "x": 45, "c": 46, "v": 47, "b": 48, "n": 49, "m": 50,
    ]

    /// The key at the position of `c` on a US keyboard (letters and digits).
    static func us(_ c: Character) -> UInt16 {
        if let code = letters[c] ?? digits[c] { return code }
        fatalError("no US key for \(c)")
    }
}
