// /etc/returnsd/returnsd.toml as a technician (or a broken editor) left it.
import StationConfig

func fuzzOne(_ bytes: [UInt8]) {
    guard let configuration = try? StationConfiguration(toml: String(decoding: bytes, as: UTF8.self)) else { return }
    _ = configuration.lanes
    expect(configuration.supervisor.maxConnections > 0, "an accepted configuration allows a connection")
}
