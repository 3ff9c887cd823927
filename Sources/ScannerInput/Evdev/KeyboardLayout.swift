/// The keyboard layout a keyboard-wedge scanner is configured for, as XKB RMLVO names.
///
/// A scanner set to "German keyboard" sends the keycodes a German keyboard would, so the station
/// must decode with the same layout: `KeyboardLayout(layout: "de")`. Names are those of
/// `/usr/share/X11/xkb/rules/evdev.lst` (Debian package `xkb-data`).
public struct KeyboardLayout: Sendable, Hashable, CustomStringConvertible {
    public var rules: String
    public var model: String
    public var layout: String
    public var variant: String
    /// Comma-separated XKB options, e.g. `"lv3:ralt_switch"`.
    public var options: String

    public init(
        layout: String = "us", variant: String = "", options: String = "",
        model: String = "pc105", rules: String = "evdev"
    ) {
        self.rules = rules
        self.model = model
        self.layout = layout
        self.variant = variant
        self.options = options
    }

    public static let us = KeyboardLayout()

    public var description: String {
        "rules=\(rules) model=\(model) layout=\(layout) variant=\(variant) options=\(options)"
    }
}
