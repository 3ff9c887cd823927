import Foundation
import ReturnsTestKit
import Testing

/// The short run of `Scripts/torture` (the long one, 50 kills, is in docs/RELIABILITY.md): a serial scan stream
/// with feedback bytes, the daemon SIGKILLed at random moments and restarted, syncing with a real ledger.
@Suite(.serialized) struct TortureTests {
    @Test func fiveRandomKillsLoseAndDoubleNothing() async throws {
        let cluster = try await PostgresCluster.shared()
        let url = try await cluster.createDatabase(prefix: "torture")
        let script = ProcessRunner.scriptsDirectory + "/torture"
        let result = try ProcessRunner.run("/usr/bin/python3", [script, "--kills", "5", "--database-url", url,
                                                                "--bin", ProcessRunner.productsDirectory], absolute: true)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("nothing lost or doubled"), "\(result.stdout)")
    }
}
