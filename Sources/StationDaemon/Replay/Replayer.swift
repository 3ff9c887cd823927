import Foundation
import ReturnsCore
import StationStore

/// Feeds a scan script through the same pipeline the daemon uses, one scan at a time: each scan is
/// committed (one transaction) before the next is read, exactly like a single operator at a dock.
public struct Replayer: Sendable {
    public var stateDirectory: String
    public var stationID: String
    public var ordersFile: String?
    public var lanes: LaneMap
    public var clock: StationClock
    public var policy: WorkflowPolicy

    public init(stateDirectory: String, stationID: String, ordersFile: String?, lanes: LaneMap = LaneMap(),
                clock: StationClock = .system, policy: WorkflowPolicy = .standard) {
        self.stateDirectory = stateDirectory
        self.stationID = stationID
        self.ordersFile = ordersFile
        self.lanes = lanes
        self.clock = clock
        self.policy = policy
    }

    /// The store inside a state folder, created if needed.
    public static func openStore(stateDirectory: String, stationID: String) throws -> StationStore {
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        } catch {
            throw StationFileError(path: stateDirectory, message: "cannot create the state folder: \(error.localizedDescription)")
        }
        return try StationStore(path: stateDirectory + "/station.sqlite", stationID: stationID)
    }

    /// Runs the script; `emit` gets each receipt as soon as it is committed.
    public func run(script: ScanScript, emit: (ScanReceipt) -> Void) async throws -> [ScanReceipt] {
        let store = try Replayer.openStore(stateDirectory: stateDirectory, stationID: stationID)
        if let ordersFile { try OrderFile.importFile(ordersFile, into: store, clock: clock) }
        let pipeline = try ScanPipeline(store: store, policy: policy, lanes: lanes, clock: clock)
        var receipts: [ScanReceipt] = []
        for line in script.lines {
            let input = ScanInput(device: line.device, bytes: line.bytes, monotonicNanos: clock.monotonicNanos(),
                                  wallMillis: clock.wallMillis())
            let receipt = try await pipeline.submit(input)
            emit(receipt)
            receipts.append(receipt)
        }
        return receipts
    }
}
