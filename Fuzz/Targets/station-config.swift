// /etc/returnsd/returnsd.toml as a technician (or a broken editor) left it.
import StationConfig

func fuzzOne(_ bytes: [UInt8]) {
    guard let configuration = try? StationConfiguration(toml: String(decoding: bytes, as: UTF8.self)) else { return }
    _ = configuration.lanes
    // Every bounded key of an accepted configuration is inside its documented range (docs/CONFIGURATION.md).
    let supervisor = configuration.supervisor
    expect((1...1024).contains(supervisor.maxConnections) && (1...1024).contains(supervisor.maxConnectionsPerUser),
           "connection caps \(supervisor.maxConnections)/\(supervisor.maxConnectionsPerUser) outside 1…1024")
    expect((1024...10_485_760).contains(supervisor.maxRequestBytes), "max_request_bytes \(supervisor.maxRequestBytes) outside its range")
    expect((1...3600).contains(supervisor.idleTimeoutSeconds) && (0...256).contains(supervisor.maxEventStreams),
           "idle_timeout_s or max_event_streams outside its range")
    expect((16...8192).contains(configuration.classifier.maximumLength), "max_scan_length \(configuration.classifier.maximumLength) outside 16…8192")
}
