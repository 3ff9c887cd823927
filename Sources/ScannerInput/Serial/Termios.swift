import Glibc

/// termios settings for ``SerialConfiguration``, through the same error type as the kernel door.
enum Termios {
    static func apply(_ configuration: SerialConfiguration, to fd: Int32, path: String) throws(DeviceError) {
        var current = termios()
        _ = try KernelDoor.retrying(.termios, path, "tcgetattr") { tcgetattr(fd, &current) }
        var settings = try configuration.termiosSettings(from: current, path: path)
        _ = try KernelDoor.retrying(.termios, path, "tcsetattr") { tcsetattr(fd, TCSANOW, &settings) }
        // Bytes buffered before we configured the line may be half a scan at the wrong speed.
        _ = try KernelDoor.retrying(.termios, path, "tcflush") { tcflush(fd, TCIFLUSH) }
    }
}

extension SerialConfiguration {
    /// `base` changed to raw mode with these line settings. Separate from applying them so the
    /// result can be checked: pseudo-terminals (used in tests) force CS8 and no parity.
    public func termiosSettings(from base: termios, path: String) throws(DeviceError) -> termios {
        let configuration = self
        var settings = base
        // Raw: no echo, no line editing, no CR/LF translation, no signals; bytes arrive as sent.
        cfmakeraw(&settings)
        let speed = try Self.speed(configuration.baudRate, path: path)
        _ = try KernelDoor.retrying(.termios, path, "cfsetispeed") { cfsetispeed(&settings, speed) }
        _ = try KernelDoor.retrying(.termios, path, "cfsetospeed") { cfsetospeed(&settings, speed) }

        settings.c_cflag |= tcflag_t(CLOCAL | CREAD)  // ignore modem lines, enable the receiver
        settings.c_cflag &= ~(tcflag_t(CSIZE | PARENB | PARODD | CSTOPB) | tcflag_t(CRTSCTS))
        settings.c_cflag |= tcflag_t(configuration.dataBits == .seven ? CS7 : CS8)
        switch configuration.parity {
        case .none: break
        case .even: settings.c_cflag |= tcflag_t(PARENB)
        case .odd: settings.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        if configuration.parity != .none {
            // Check parity; a byte that fails reads as NUL, so the scan fails visibly downstream.
            settings.c_iflag |= tcflag_t(INPCK)
        }
        if configuration.stopBits == .two { settings.c_cflag |= tcflag_t(CSTOPB) }
        settings.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        switch configuration.flowControl {
        case .none: break
        case .rtsCts: settings.c_cflag |= tcflag_t(CRTSCTS)
        case .xonXoff: settings.c_iflag |= tcflag_t(IXON | IXOFF)
        }
        // Return from read as soon as one byte is there; the descriptor is non-blocking anyway.
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        return settings
    }

    static func speed(_ baud: Int, path: String) throws(DeviceError) -> speed_t {
        let table: [Int: Int32] = [
            1200: B1200, 2400: B2400, 4800: B4800, 9600: B9600, 19200: B19200, 38400: B38400,
            57600: B57600, 115200: B115200, 230400: B230400, 460800: B460800, 921600: B921600,
        ]
        guard let speed = table[baud] else {
            throw DeviceError(code: .unsupportedSetting, path: path, operation: "baud rate \(baud)")
        }
        return speed_t(speed)
    }
}
