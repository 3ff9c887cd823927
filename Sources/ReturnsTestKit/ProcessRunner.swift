import Foundation

/// Runs a built executable of this package and captures what it printed.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

public enum ProcessRunner {
    /// The folder holding the package's built products: next to the running test bundle.
    public static var productsDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["RETURNS_BIN_DIR"] { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("returnsd").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug"
    }

    /// The repository's Examples folder (sample orders and scans).
    public static var examplesDirectory: String { repositoryFolder("Examples") }

    /// The repository's Scripts folder (torture, fault-proxy, …).
    public static var scriptsDirectory: String { repositoryFolder("Scripts") }

    private static func repositoryFolder(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(name).path
    }

    /// Runs a built product (or, with `absolute`, any program by its path) and waits for it.
    public static func run(_ product: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String]? = nil, absolute: Bool = false) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: absolute ? product : productsDirectory + "/" + product)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                             stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
