/// The kernel subsystems a dock's readers live in, as libudev names them.
public enum DeviceSubsystem: String, Sendable, Hashable, CaseIterable, Codable {
    /// `/dev/input/event*`: keyboard-wedge scanners (only `event` nodes; `mouse*`/`js*` are skipped).
    case input
    /// `/dev/hidraw*`: HID POS scanners.
    case hidraw
    /// `/dev/ttyACM*`, `/dev/ttyUSB*`: serial scanners and RFID readers.
    case tty
}
