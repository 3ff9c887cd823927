import StationConfig
import Foundation
import Logging
import ScannerInput
import Synchronization

/// Which devices the kernel has now, kept current by the udev monitor (hotplug), so a configured
/// device found by vendor/product/name/properties is (re)opened when it appears.
public final class DevicePresence: Sendable {
    private let present = Mutex<[String: DiscoveredDevice]>([:])
    private let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// The first present device that `match` selects for `kind`.
    func find(_ device: DeviceConfiguration) -> DiscoveredDevice? {
        guard let rule = DevicePresence.rule(for: device) else { return nil }
        return present.withLock { devices in
            devices.values.sorted { $0.devnode < $1.devnode }.first { d in
                rule.matches(d) && (device.match.serialNumber == nil || d.serial == device.match.serialNumber)
            }
        }
    }

    static func rule(for device: DeviceConfiguration) -> SelectionRule? {
        let kind: ReaderKind = switch device.kind {
        case .keyboardWedge: .keyboardWedge
        case .hidPOS: .hidPOS
        case .serial: .serialScanner
        case .rfid: .rfidSerial
        case .lines: .serialScanner
        }
        let rule = SelectionRule(name: device.id, kind: kind, vendorID: device.match.vendorID.flatMap { UInt16($0, radix: 16) },
                                 productID: device.match.productID.flatMap { UInt16($0, radix: 16) },
                                 namePattern: device.match.name, properties: device.match.properties)
        return rule.hasCriteria || device.match.serialNumber != nil ? rule : nil
    }

    /// Enumerates once, then follows the udev monitor until `stop`. Without a monitor (no netlink in
    /// a container), it enumerates again every two seconds instead.
    func follow(stop: StopSignal) throws {
        refresh()
        let monitor: DeviceMonitor
        do {
            monitor = try DeviceMonitor()
        } catch {
            logger.warning("no udev monitor; polling for devices every 2 s", metadata: ["error": "\(error)"])
            while !stop.isStopped {
                for _ in 0..<40 where !stop.isStopped { usleep(50_000) }
                refresh()
            }
            return
        }
        var m = monitor
        while !stop.isStopped {
            guard (try? m.waitReadable(timeoutMillis: 200)) == true else { continue }
            while let event = try? m.receive() {
                switch event {
                case .added(let d), .changed(let d):
                    present.withLock { $0[d.syspath] = d }
                    logger.info("device appeared", metadata: ["devnode": "\(d.devnode)", "identity": "\(d.identity)"])
                case .removed(let syspath, _):
                    if let d = present.withLock({ $0.removeValue(forKey: syspath) }) {
                        logger.info("device removed", metadata: ["devnode": "\(d.devnode)", "identity": "\(d.identity)"])
                    }
                case .eventsLost:
                    refresh()
                }
            }
        }
    }

    func refresh() {
        do {
            let devices = try DeviceEnumerator.enumerate()
            present.withLock { $0 = Dictionary(devices.map { ($0.syspath, $0) }, uniquingKeysWith: { a, _ in a }) }
        } catch {
            logger.warning("udev enumeration failed", metadata: ["error": "\(error)"])
        }
    }
}
