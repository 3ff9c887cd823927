import StationConfig
import Foundation
import Logging
import ReturnsCore

/// Runs the configured buzzer / stack-light command per outcome class, one at a time, off the scan
/// path: the queue keeps the newest few requests and drops older ones rather than ever slowing a scan.
public final class FeedbackRunner: Sendable {
    private let requests: AsyncStream<(FeedbackClass, String)>
    private let continuation: AsyncStream<(FeedbackClass, String)>.Continuation
    /// Read at every signal: a reload changes the commands without a restart.
    private let settings: LiveSettings
    private let logger: Logger

    public init(settings: LiveSettings, logger: Logger) {
        (requests, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(16))
        self.settings = settings
        self.logger = logger
    }

    private var configuration: FeedbackConfiguration { settings.current.feedback }

    /// Asks for the signal of `feedback` for `device`; returns at once.
    public func signal(_ feedback: FeedbackClass, device: String) {
        guard configuration.commands[feedback] != nil else { return }
        continuation.yield((feedback, device))
    }

    public func finish() { continuation.finish() }

    /// Runs the queued commands until `finish`.
    public func run() async {
        for await (feedback, device) in requests {
            guard let argv = configuration.commands[feedback] else { continue }
            await runCommand(argv, feedback: feedback, device: device)
        }
    }

    private func runCommand(_ argv: [String], feedback: FeedbackClass, device: String) async {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["RETURNSTATION_FEEDBACK"] = feedback.rawValue
        environment["RETURNSTATION_DEVICE"] = device
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            logger.warning("feedback command failed to start", metadata: ["command": "\(argv[0])", "error": "\(error)"])
            return
        }
        let deadline = ContinuousClock.now + .milliseconds(configuration.commandTimeoutMillis)
        while process.isRunning {
            if ContinuousClock.now >= deadline || Task.isCancelled {
                process.terminate()
                logger.warning("feedback command killed after its timeout", metadata: ["command": "\(argv[0])"])
                break
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
