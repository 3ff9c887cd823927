internal import CMemoryTuning
import StationConfig
import Foundation
import Logging
import ServiceLifecycle
import SystemdIntegration

/// `returnsd run`: the station as a system service.
public enum DaemonMain {
    /// Exit status for a configuration that was refused (sysexits' EX_CONFIG).
    public static let configurationRefused: Int32 = 78

    /// Runs until SIGTERM/SIGINT; returns the process exit status.
    public static func run(configPath: String) async -> Int32 {
        // First thing, so the malloc arenas created from here on are capped: two, and freed memory above 128 KiB goes
        // back to the kernel (docs/BENCHMARKS.md, "Footprint"). A box with little RAM runs for years; a few percent of
        // CPU in a burst is worth more than 30-50 MiB kept for nothing.
        let memoryTuned = cmt_limit_retained_memory(2, 128 * 1024) == 1
        // Before anything starts a thread: these read and then unset process environment variables.
        let passedSockets: [ListenedSocket]
        let notifier: SystemdNotifier
        let watchdog: WatchdogConfiguration?
        do {
            passedSockets = try SocketActivation.listenedSockets(unsetEnvironment: true)
            notifier = try SystemdNotifier.fromProcessEnvironment(unsetEnvironment: true)
            watchdog = try WatchdogConfiguration.fromEnvironment(unsetEnvironment: true)
        } catch {
            printError("systemd environment: \(error)")
            return 1
        }
        let configuration: StationConfiguration
        do {
            configuration = try loadConfiguration(configPath)
        } catch {
            printError("refusing to start: \(error)")
            _ = try? notifier.send([.status("refusing to start: \(error)")])
            return configurationRefused
        }
        LoggingSystem.bootstrap { label in JournaldLogHandler(label: label) }
        let logger = {
            var logger = Logger(label: "returnsd")
            logger[metadataKey: "station"] = "\(configuration.stationID)"
            return logger
        }()
        if !memoryTuned { logger.warning("malloc tuning refused; freed memory may stay resident after bursts") }

        let runtime: StationRuntime
        do {
            runtime = try StationRuntime(configuration: configuration, logger: logger)
        } catch {
            logger.critical("cannot open the station store", metadata: ["error": "\(error)"])
            _ = try? notifier.send([.status("cannot open the store: \(error)")])
            return 1
        }
        var configuredSync: SyncService?
        if let ledger = configuration.ledger {
            do {
                let token = try readToken(ledger.tokenFile)
                let client = try LedgerClient(baseURL: ledger.url, token: token, caFile: ledger.caFile)
                let tokenFile = ledger.tokenFile
                configuredSync = SyncService(runtime: runtime, client: client, settings: .init(
                    lookupTimeout: .milliseconds(ledger.lookupTimeoutMillis), prefetchInterval: .seconds(ledger.prefetchIntervalSeconds),
                    tickInterval: .milliseconds(ledger.retryTickMillis)),
                    tokenReader: { try readToken(tokenFile) })
                await runtime.pipeline.setOrderSource(configuredSync)
            } catch {
                printError("refusing to start: \(error)")
                _ = try? notifier.send([.status("refusing to start: \(error)")])
                return configurationRefused
            }
        }
        let sync = configuredSync
        let presence = DevicePresence(logger: logger)
        let feedback = FeedbackRunner(settings: runtime.live, logger: logger)
        let readiness = ReadinessLatch(parts: 2)
        let devices = DeviceService(runtime: runtime, presence: presence, feedback: feedback, started: readiness.arrive)
        let systemd = SystemdService(runtime: runtime, notifier: notifier, watchdog: watchdog, readiness: readiness) {
            do {
                let next = try loadConfiguration(configPath)
                if let restart = runtime.live.reload(next, logger: logger) {
                    logger.error("reload refused; keeping the running configuration", metadata: ["reason": "\(restart)"])
                    return restart
                }
                await runtime.pipeline.reconfigure(classifier: next.classifier, lanes: next.lanes, policy: next.policy)
                devices.reconfigure(next.devices)
                await sync?.reload()
                logger.info("configuration reloaded", metadata: ["devices": "\(next.devices.count)"])
                return nil
            } catch {
                logger.error("reload refused; keeping the running configuration", metadata: ["error": "\(error)"])
                return "\(error)"
            }
        }
        let endpoint: SupervisorServer.Endpoint
        if let passed = passedSockets.first(where: { $0.name == "supervisor" }) ?? passedSockets.first {
            endpoint = .descriptor(passed.fileDescriptor)
        } else {
            let folder = (configuration.supervisor.socketPath as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let group = configuration.supervisor.readGroups.lazy.compactMap { try? GroupReference(parsing: $0).resolve() }.first
            endpoint = .path(configuration.supervisor.socketPath, group: group)
        }
        let supervisor = SupervisorServer(endpoint: endpoint, api: SupervisorAPI(runtime: runtime), logger: logger,
                                          onListening: readiness.arrive)
        // Shut down in reverse: devices stop taking scans first, then the socket, then systemd's part.
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: systemd), .init(service: supervisor)] + (sync.map { [.init(service: $0)] } ?? [])
                + [.init(service: ArchiveService(archiver: runtime.archiver))]
                + [.init(service: devices)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("station stopped on an error", metadata: ["error": "\(error)"])
            runtime.events.finish()
            await runtime.archiver.stop()
            try? runtime.store.close()
            return 1
        }
        runtime.events.finish()
        // An archive run started by a supervisor may still be writing: let it end its window first.
        await runtime.archiver.stop()
        do { try runtime.store.close() } catch { logger.error("store did not close cleanly", metadata: ["error": "\(error)"]) }
        logger.info("stopped")
        return 0
    }

    public static func loadConfiguration(_ path: String) throws -> StationConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, line: 0, key: nil, reason: "cannot read the configuration file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, line: 0, key: nil, reason: "the file is not UTF-8 text")
        }
        return try StationConfiguration(toml: text, path: path)
    }

    /// The ledger token: one line in a file only the daemon may read (mode 0600 or 0400).
    static func readToken(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ConfigError(path: path, line: 0, key: "ledger.token_file", reason: "cannot read the token file: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw ConfigError(path: path, line: 0, key: "ledger.token_file",
                              reason: "the token file is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))): chmod 600 it")
        }
        guard let token = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            throw ConfigError(path: path, line: 0, key: "ledger.token_file", reason: "the token file is empty")
        }
        return token
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data("returnsd: \(text)\n".utf8))
    }
}
