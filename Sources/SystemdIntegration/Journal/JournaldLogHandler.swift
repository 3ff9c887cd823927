import Logging

/// A swift-log handler for a systemd service: `<N>`-prefixed lines when stderr is the journal, so
/// `journalctl -p warning -u returnsd` filters by level; plain timestamped lines anywhere else.
///
/// ```swift
/// LoggingSystem.bootstrap { label in JournaldLogHandler(label: label) }
/// let logger = Logger(label: "returnsd.devices")
/// logger.warning("scanner unplugged", metadata: ["device": "/dev/input/event3"])
/// // journal:  <4>returnsd.devices: scanner unplugged device=/dev/input/event3
/// // terminal: 2025-11-27T10:04:05.123Z warning returnsd.devices: scanner unplugged device=/dev/input/event3
/// ```
public struct JournaldLogHandler: LogHandler {
    public let label: String
    public let writer: LogLineWriter
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(
        label: String, writer: LogLineWriter = .standardError, logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.writer = writer
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Precedence, lowest first: the handler's metadata, the provider's (task-local context), the call's.
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let call = event.metadata { merged.merge(call) { $1 } }
        writer.write(writer.format.render(level: event.level, label: label, message: event.message.description,
                                          metadata: merged, error: event.error))
    }
}
