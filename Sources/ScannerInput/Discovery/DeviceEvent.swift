/// A hotplug event from ``DeviceMonitor``, as a value.
public enum DeviceEvent: Sendable, Hashable {
    case added(DiscoveredDevice)
    /// Properties changed (e.g. `udevadm trigger` after new rules): select the device again.
    case changed(DiscoveredDevice)
    /// Keyed by syspath: at removal the device's sysfs attributes (and so a USB serial read from them)
    /// are gone, but the syspath is what the add event carried too.
    case removed(syspath: String, subsystem: DeviceSubsystem)
    /// The kernel dropped events because the monitor's socket buffer was full: enumerate again.
    case eventsLost
}
