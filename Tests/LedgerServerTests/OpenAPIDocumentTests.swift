import Foundation
import LedgerServer
import Testing

/// `docs/openapi.yaml` is valid OpenAPI and lists every route the ledger serves.
@Suite struct OpenAPIDocumentTests {
    static var documentPath: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml").path
    }

    @Test func everyRouteIsInTheDocument() throws {
        let text = try String(contentsOfFile: Self.documentPath, encoding: .utf8)
        // Path keys sit at two spaces of indent, methods at four (the layout the document keeps).
        var methods: [String: Set<String>] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") { current = String(line.dropFirst(2).dropLast()); continue }
            if !line.isEmpty, !line.hasPrefix(" ") { current = nil }
            if let path = current, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                methods[path, default: []].insert(line.trimmingCharacters(in: .whitespaces).dropLast().uppercased())
            }
        }
        for route in LedgerRoutes.documented {
            #expect(methods[route.path]?.contains(route.method) == true, "\(route.method) \(route.path) is not in openapi.yaml")
        }
    }

    @Test func theDocumentIsValidOpenAPI() throws {
        let script = """
            import sys
            try:
                from openapi_spec_validator import validate
                from openapi_spec_validator.readers import read_from_filename
            except ImportError:
                print("SKIP"); sys.exit(0)
            spec, _ = read_from_filename(sys.argv[1])
            validate(spec)
            print("OK")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.documentPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "openapi-spec-validator: \(text)")
        if text.contains("SKIP") { print("openapi-spec-validator is not installed; only the route check ran") }
    }
}
