import Dispatch
import Foundation
import Glibc
import Logging
import Synchronization
import SystemdIntegration
import Testing

/// The handler writing to a real socket, the way journald's stdout stream receives it.
@Suite struct JournaldLogHandlerTests {
    @Test func detectsTheJournalByDeviceAndInode() throws {
        let (ours, journal) = try TestSockets.pair()
        defer { close(ours); close(journal) }
        let stream = try #require(JournalStream.of(fileDescriptor: ours))
        let environment = ["JOURNAL_STREAM": "\(stream.device):\(stream.inode)"]
        #expect(LogLineWriter.detecting(fileDescriptor: ours, environment: environment).format == .journal)
        // Inherited variable, different descriptor (a shell redirect): plain lines.
        #expect(LogLineWriter.detecting(fileDescriptor: journal, environment: environment).format == .plain)
        #expect(LogLineWriter.detecting(fileDescriptor: ours, environment: [:]).format == .plain)
    }

    @Test func loggerMetadataAndProviderReachTheLine() throws {
        let (ours, journal) = try TestSockets.pair()
        defer { close(journal) }
        let writer = LogLineWriter(fileDescriptor: ours, format: .journal)
        let provider = Logger.MetadataProvider { ["lane": "dock-1"] }
        var logger = Logger(label: "returnsd.lane") { JournaldLogHandler(label: $0, writer: writer, metadataProvider: provider) }
        logger[metadataKey: "station"] = "S1"
        logger.notice("session opened", metadata: ["order": "SO-1"])
        logger.debug("not shown at the default level")
        close(ours)
        #expect(TestSockets.readToEnd(journal) == "<5>returnsd.lane: session opened lane=dock-1 order=SO-1 station=S1\n")
    }

    @Test func linesFromManyThreadsNeverInterleave() throws {
        let (ours, journal) = try TestSockets.pair()
        defer { close(journal) }
        let writer = LogLineWriter(fileDescriptor: ours, format: .journal)
        let padding = String(repeating: "x", count: 3000)  // larger than one socket write may take at once
        // The reader is a thread of its own, not a task: the writers block on the full socket buffer, and
        // blocked writers on the cooperative pool (two threads on this machine) would starve a reading task.
        let reader = ReaderThread(fileDescriptor: journal)
        reader.start()
        DispatchQueue.concurrentPerform(iterations: 8) { task in
            let logger = Logger(label: "t\(task)") { JournaldLogHandler(label: $0, writer: writer) }
            for index in 0..<200 { logger.info("\(index) \(padding)") }
        }
        close(ours)
        let lines = reader.wait().split(separator: "\n")
        #expect(lines.count == 8 * 200)
        #expect(lines.allSatisfy { $0.hasPrefix("<6>t") && $0.hasSuffix(padding) })
    }
}

/// Reads a descriptor to EOF on its own thread.
private final class ReaderThread: Sendable {
    private let fileDescriptor: Int32
    private let finished = DispatchSemaphore(value: 0)
    private let text = Mutex("")

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    func start() {
        Thread.detachNewThread { [self] in
            let received = TestSockets.readToEnd(fileDescriptor)
            text.withLock { $0 = received }
            finished.signal()
        }
    }

    func wait() -> String {
        finished.wait()
        return text.withLock { $0 }
    }
}
