import Foundation
import Testing

private let straceAvailable = TestProcess.exists("/usr/bin/strace")

/// returnsd.service sets MemoryDenyWriteExecute=yes, whose seccomp filter refuses `mmap` with both
/// PROT_WRITE and PROT_EXEC and any `mprotect` adding PROT_EXEC. A Swift program would break under it only
/// if its runtime asked for such memory (a JIT, executable stacks, text relocations). This runs a Swift
/// program — this test binary: Swift runtime, Foundation, Dispatch, swift-log, the same libraries returnsd
/// loads — under strace and checks it never does.
@Suite(.enabled(if: straceAvailable, "needs strace"))
struct MemoryDenyWriteExecuteTests {
    @Test func aSwiftProgramNeverAsksForWritableExecutableMemory() throws {
        let folder = try TestSockets.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trace = folder + "/trace"
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let result = try TestProcess.run("/usr/bin/strace", [
            "-f", "-o", trace, "-e", "trace=mmap,mprotect,pkey_mprotect,shmat",
            executable, "--testing-library", "swift-testing", "--filter", "SocketActivationChildTests/childProbe",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        // The tracer saw the libraries being mapped, so an empty result below means something.
        #expect(calls.contains { $0.contains("mmap(") && $0.contains("PROT_EXEC") })
        let offending = calls.filter { call in
            (call.contains("mmap(") && call.contains("PROT_EXEC") && call.contains("PROT_WRITE"))
                || (call.contains("mprotect(") && call.contains("PROT_EXEC"))
                || (call.contains("shmat(") && call.contains("SHM_EXEC"))
        }
        #expect(offending.isEmpty, "calls MemoryDenyWriteExecute= would refuse:\n\(offending.joined(separator: "\n"))")
    }
}
