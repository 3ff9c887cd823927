/// A key that can end a keyboard-wedge scan; matched by evdev keycode so it works in every layout.
public enum WedgeTerminator: Sendable, Hashable, CaseIterable {
    case enter
    case keypadEnter
    case tab

    /// The evdev keycode from `<linux/input-event-codes.h>`.
    public var keycode: UInt16 {
        switch self {
        case .enter: 28  // KEY_ENTER
        case .keypadEnter: 96  // KEY_KPENTER
        case .tab: 15  // KEY_TAB
        }
    }

    init?(keycode: UInt16) {
        guard let match = Self.allCases.first(where: { $0.keycode == keycode }) else { return nil }
        self = match
    }
}

/// What one key event means to the assembler once the keymap has been applied.
public enum KeyStroke: Sendable, Hashable {
    /// A key press (or an Alt-code sequence) that produced a character.
    /// `terminator` is set when the key is one that may end a scan (then `character` is CR or TAB).
    case character(Unicode.Scalar, terminator: WedgeTerminator?)
    /// A key event with no character of its own (modifiers, Alt-code digits): it still proves the
    /// scanner is typing, so it restarts the inter-key timer.
    case activity
}
