import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn, so a test can hand it extra descriptors at fixed numbers
/// (systemd's `LISTEN_FDS` sockets start at fd 3), signal it, and wait for it with a time limit.
public final class SpawnedProcess: @unchecked Sendable {
    // @unchecked: `pid` is written once in init; `exitStatus` only by `wait`, which tests call from one task.
    public let pid: pid_t
    public private(set) var exitStatus: Int32?
    public let outputPath: String

    /// Starts `executable` with `arguments` and exactly `environment`; `descriptors` maps child fd → parent fd.
    /// Standard output and error go to `outputPath`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String],
                descriptors: [Int32: Int32] = [:], outputPath: String) throws {
        self.outputPath = outputPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        for (child, parent) in descriptors { posix_spawn_file_actions_adddup2(&actions, parent, child) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw TestKitError("posix_spawn \(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits up to `timeout` for the child to exit; returns its exit status (128+n when killed by signal n).
    @discardableResult
    public func wait(timeout: Duration = .seconds(20)) throws -> Int32 {
        if let exitStatus { return exitStatus }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, nil, 0)
        throw TestKitError("process \(pid) did not exit within \(timeout); killed. Output:\n\(output)")
    }

    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = waitpid(pid, nil, 0)
        }
    }
}

public struct TestKitError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
