import Foundation

/// What a finished command printed.
struct TestProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs commands to completion (tests only). Output goes to temporary files rather than pipes, so a
/// chatty child can never block on a full pipe while we wait for it.
enum TestProcess {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> TestProcessResult {
        let folder = try TestSockets.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outPath = folder + "/out", errPath = folder + "/err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return TestProcessResult(status: process.terminationStatus,
                                 stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                                 stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    static func exists(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }
}
