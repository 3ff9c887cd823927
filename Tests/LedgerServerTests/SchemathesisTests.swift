import Foundation
import LedgerServer
import ReturnsTestKit
import Testing

/// Schemathesis (PyPI) generates requests from `docs/openapi.yaml` against a real ledger on a real PostgreSQL:
/// no answer may be a 5xx, and every answer must be what the document says (status, content type, schema).
/// A bounded number of examples here; `Scripts/schemathesis` runs long and its figures are in docs/RELIABILITY.md.
@Suite struct SchemathesisTests {
    static let checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"

    /// Runs schemathesis off the cooperative pool (the ledger under test answers on it).
    static func schemathesis(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: OpenAPIDocumentTests.python).deletingLastPathComponent().appendingPathComponent("schemathesis").path
        let environment = ["HOME": NSTemporaryDirectory(), "PATH": "/usr/bin:/bin", "SCHEMATHESIS_TELEMETRY": "false", "NO_COLOR": "1"]
        return try await withCheckedThrowingContinuation { done in
            DispatchQueue.global().async {
                done.resume(with: Result { try OpenAPIDocumentTests.runTool(binary, arguments, environment: environment) })
            }
        }
    }

    @Test(arguments: [LedgerRole.station, .admin])
    func generatedRequestsGetNo5xxAndConformingAnswers(_ role: LedgerRole) async throws {
        let ledger = try await LedgerFixture.make()
        try await ledger.serve { api in
            _ = try await api.store.importOrders([try Fixtures.order("SO-1"), try Fixtures.order("SO-2")])
            let token = role == .station ? try await api.store.addStation("dock-1")
                : try await api.store.addCredential("fuzz-admin", role: role)
            let report = TemporaryDirectory("schemathesis")
            let (status, output) = try await Self.schemathesis([
                "run", OpenAPIDocumentTests.documentPath, "--url", api.baseURL, "-H", "Authorization: Bearer \(token)",
                "--checks", Self.checks, "--max-examples", "25", "--seed", "20261201", "--no-shrink",
                "--phases", "examples,coverage,fuzzing", "--request-timeout", "10", "--report-dir", report.path,
            ])
            #expect(status == 0, "schemathesis as \(role.rawValue):\n\(output.suffix(6000))")
            // It really ran: every operation tested, hundreds of requests, all passed.
            #expect(output.contains("Tested: \(LedgerRoutes.documented.count)"), "\(output.suffix(2000))")
            let summary = output.firstMatch(of: /(\d+) generated, (\d+) passed/)
            #expect(summary.map { Int($0.1)! >= 200 && $0.1 == $0.2 } == true, "\(output.suffix(2000))")
        }
    }
}
