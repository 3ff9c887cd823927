// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "ReturnStation",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "returnsd", targets: ["returnsd"]),
        .executable(name: "returnsctl", targets: ["returnsctl"]),
        .executable(name: "returns-ledger", targets: ["returns-ledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // Pure: decoding, domain, matching, policy, lane workflow. No I/O, no dependencies.
        .target(name: "ReturnsCore", swiftSettings: swiftSettings),
        // SQLite through GRDB: migrations, journal, sessions, notes, outbox.
        .target(
            name: "StationStore",
            dependencies: ["ReturnsCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Delivered history moved out of the store into monthly gzip files with a checksum chain, and read back.
        .target(
            name: "StationArchive",
            dependencies: [
                "StationStore", "ReturnsCore",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The station's configuration file (TOML) with every key's line, for returnsd and returnsctl.
        .target(name: "StationConfig", dependencies: ["ReturnsCore"], swiftSettings: swiftSettings),
        // libxkbcommon: keycodes to characters for keyboard-wedge scanners, per keyboard layout.
        .systemLibrary(name: "CXKBCommon", pkgConfig: "xkbcommon", providers: [.apt(["libxkbcommon-dev"])]),
        // libudev: finding scanners and following hotplug.
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        // Kernel facts from the platform's own headers: struct input_event layout and ioctl numbers.
        .target(name: "CInputShim"),
        // Linux devices: evdev keyboard-wedge, HID POS over hidraw, serial/termios, RFID.
        .target(name: "ScannerInput", dependencies: ["CXKBCommon", "CInputShim", "CUdev"], swiftSettings: swiftSettings),
        // systemd's protocols without libsystemd: sd_notify, watchdog, socket activation, journald, peer credentials.
        .target(name: "CPeerCredentials"),
        .target(
            name: "SystemdIntegration",
            dependencies: ["CPeerCredentials", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // A whole-request deadline for HTTP servers on NIO (slow-loris), shared by the supervisor socket and the ledger.
        .target(name: "RequestDeadline", dependencies: [.product(name: "NIOCore", package: "swift-nio")], swiftSettings: swiftSettings),
        // glibc's mallopt, which Swift's Glibc module does not export: the daemon's resident set after bursts.
        .target(name: "CMemoryTuning"),
        // Wiring: scan sources, lanes, group-commit pipeline, replay, demo.
        .target(
            name: "StationDaemon",
            dependencies: [
                "CMemoryTuning", "ReturnsCore", "StationStore", "StationArchive", "StationConfig", "ScannerInput", "SystemdIntegration", "LedgerProtocol",
                "RequestDeadline",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP over the supervisor's Unix socket, for returnsctl and the tests.
        .target(name: "SupervisorClient", swiftSettings: swiftSettings),
        // Test kit: temporary folders, running built products; later fake devices and a throwaway PostgreSQL.
        .target(name: "ReturnsTestKit", swiftSettings: swiftSettings),
        // Codable wire types of the station ↔ ledger API, shared by both sides.
        .target(name: "LedgerProtocol", dependencies: ["ReturnsCore"], swiftSettings: swiftSettings),
        // The central ledger on PostgreSQL: store, adjudication, /v1 API.
        .target(
            name: "LedgerServer",
            dependencies: [
                "LedgerProtocol", "ReturnsCore", "RequestDeadline",
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "returns-ledger",
            dependencies: [
                "LedgerServer", "LedgerProtocol", "ReturnsCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "returns-ledger-bench",
            dependencies: [
                "LedgerServer", "LedgerProtocol", "ReturnsCore", "ReturnsTestKit", "StationDaemon", "StationConfig", "StationStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/returns-ledger-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "returnsd",
            dependencies: [
                "StationDaemon", "StationConfig", "ReturnsCore", "StationStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "returnsctl",
            dependencies: [
                "ReturnsCore", "StationConfig", "ScannerInput", "SupervisorClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "returns-bench",
            dependencies: ["ReturnsCore", "StationStore", "StationArchive", "StationDaemon", "ScannerInput", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/returns-bench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReturnsCoreTests",
            dependencies: ["ReturnsCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScannerInputTests",
            dependencies: ["ScannerInput", "CInputShim"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SystemdIntegrationTests",
            dependencies: ["SystemdIntegration", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LedgerServerTests",
            dependencies: [
                "LedgerServer", "LedgerProtocol", "ReturnsCore", "ReturnsTestKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StationConfigTests",
            dependencies: ["StationConfig", "ReturnsCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StationStoreTests",
            dependencies: ["StationStore", "StationArchive", "ReturnsCore", "ReturnsTestKit", "LedgerProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StationDaemonTests",
            dependencies: ["StationDaemon", "StationStore", "ReturnsCore", "ReturnsTestKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ReturnsCore", "ReturnsTestKit", "SupervisorClient"],
            swiftSettings: swiftSettings
        ),
    ]
)
