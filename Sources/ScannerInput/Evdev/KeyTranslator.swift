internal import CXKBCommon

/// Turns evdev key events into characters through libxkbcommon, tracking Shift, Caps Lock, AltGr
/// and Ctrl like a desktop would, plus Windows-style Alt + keypad-digit codes (Alt+0029 → GS).
///
/// Noncopyable because it owns libxkbcommon objects: a copy would share one mutable `xkb_state`
/// between two owners. Not `Sendable`: libxkbcommon's reference counts are not atomic, so the
/// translator stays on the task that created it (it owns its own context and keymap for that reason).
public struct KeyTranslator: ~Copyable {
    private let context: OpaquePointer
    private let keymap: OpaquePointer
    private var state: OpaquePointer
    private var altCode = AltCode()

    /// Compiles the keymap for `layout`; throws ``DeviceError/Code/keymap`` when the names are unknown
    /// or the XKB data (`xkb-data`) is missing.
    public init(layout: KeyboardLayout) throws(DeviceError) {
        // No environment names: XKB_DEFAULT_LAYOUT in the daemon's environment must not change decoding.
        guard let context = xkb_context_new(XKB_CONTEXT_NO_ENVIRONMENT_NAMES) else {
            throw DeviceError(code: .keymap, path: "xkb", operation: "xkb_context_new")
        }
        let keymap = layout.rules.withCString { rules in
            layout.model.withCString { model in
                layout.layout.withCString { name in
                    layout.variant.withCString { variant in
                        layout.options.withCString { options in
                            var names = xkb_rule_names(
                                rules: rules, model: model, layout: name, variant: variant, options: options)
                            return xkb_keymap_new_from_names(context, &names, XKB_KEYMAP_COMPILE_NO_FLAGS)
                        }
                    }
                }
            }
        }
        guard let keymap, let state = xkb_state_new(keymap) else {
            if let keymap { xkb_keymap_unref(keymap) }
            xkb_context_unref(context)
            throw DeviceError(code: .keymap, path: layout.description, operation: "xkb_keymap_new_from_names")
        }
        self.context = context
        self.keymap = keymap
        self.state = state
    }

    deinit {
        xkb_state_unref(state)
        xkb_keymap_unref(keymap)
        xkb_context_unref(context)
    }

    /// Applies one `EV_KEY` press (1) or release (0); repeats (2) must be filtered out by the caller.
    public mutating func translate(keycode: UInt16, pressed: Bool) -> KeyStroke {
        // XKB keycodes are evdev keycodes + 8 (the X11 offset).
        let key = xkb_keycode_t(keycode) + 8
        guard pressed else {
            xkb_state_update_key(state, key, XKB_KEY_UP)
            if let scalar = altCode.finish(altHeld: isAltActive) {
                return .character(scalar, terminator: nil)
            }
            return .activity
        }
        if isAltActive, let digit = Self.keypadDigit(keycode) {
            altCode.append(digit)
            xkb_state_update_key(state, key, XKB_KEY_DOWN)
            return .activity
        }
        // Characters come from the state before this key changes it (xkbcommon's documented order).
        let codepoint = isAltActive ? 0 : xkb_state_key_get_utf32(state, key)
        xkb_state_update_key(state, key, XKB_KEY_DOWN)
        guard codepoint != 0, let scalar = Unicode.Scalar(codepoint) else { return .activity }
        return .character(scalar, terminator: WedgeTerminator(keycode: keycode))
    }

    /// Forgets held modifiers and Caps Lock after the kernel dropped events (`SYN_DROPPED`):
    /// the releases may be among the lost events, and a stuck Shift would corrupt every later scan.
    public mutating func reset() {
        xkb_state_unref(state)
        // xkb_state_new only fails on allocation failure; keep the old pointer's replacement non-optional.
        state = xkb_state_new(keymap)!
        altCode = AltCode()
    }

    /// Alt as a modifier (Mod1), not AltGr: on layouts with AltGr the right Alt key is Level3 instead.
    private var isAltActive: Bool {
        xkb_state_mod_name_is_active(state, XKB_MOD_NAME_ALT, XKB_STATE_MODS_EFFECTIVE) > 0
    }

    /// Keypad digit for an evdev keycode (KEY_KP0…KEY_KP9), independent of Num Lock as on Windows.
    private static func keypadDigit(_ keycode: UInt16) -> UInt32? {
        switch keycode {
        case 82: 0
        case 79: 1
        case 80: 2
        case 81: 3
        case 75: 4
        case 76: 5
        case 77: 6
        case 71: 7
        case 72: 8
        case 73: 9
        default: nil
        }
    }
}
