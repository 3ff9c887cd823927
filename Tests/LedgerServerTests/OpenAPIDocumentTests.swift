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

    /// The Python the test script installs the PyPI tools into (Scripts/install-deps). A missing tool is a
    /// failure, never a skip: the check it stands for would not have run.
    static var python: String {
        URL(fileURLWithPath: documentPath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build-py/bin/python3").path
    }

    static func runPython(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try runTool(python, ["-c", script] + arguments)
    }

    /// Runs one of the tools in `.build-py/bin` and returns its status and output (stdout and stderr together).
    static func runTool(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("\(path) is missing: run Scripts/install-deps (it installs openapi-spec-validator and schemathesis)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theDocumentIsValidOpenAPI() throws {
        let result = try Self.runPython("""
            import sys
            from openapi_spec_validator import validate
            from openapi_spec_validator.readers import read_from_filename
            spec, _ = read_from_filename(sys.argv[1])
            validate(spec)
            print("OK")
            """, [Self.documentPath])
        #expect(result.status == 0 && result.output.contains("OK"), "openapi-spec-validator: \(result.output)")
    }

    /// Each operation's security schemes (and x-roles) are the roles the route admits (`LedgerAccess`).
    @Test func everyOperationListsTheRolesItAdmits() throws {
        let result = try Self.runPython("""
            import json, sys, yaml
            spec = yaml.safe_load(open(sys.argv[1]))
            out = {}
            for path, item in spec["paths"].items():
                for method, op in item.items():
                    schemes = sorted(name for requirement in op.get("security", spec["security"]) for name in requirement)
                    out[method.upper() + " " + path] = {"schemes": schemes, "roles": sorted(op.get("x-roles", []))}
            print(json.dumps(out))
            """, [Self.documentPath])
        #expect(result.status == 0, "\(result.output)")
        let operations = try JSONDecoder().decode([String: [String: [String]]].self, from: Data(result.output.utf8))
        let scheme: [LedgerRole: String] = [.station: "stationToken", .customerService: "customerServiceToken",
                                            .finance: "financeToken", .admin: "adminToken"]
        for (route, roles) in LedgerAccess.routes {
            let documented = try #require(operations[route], "\(route) is not in openapi.yaml")
            #expect(documented["schemes"] == roles.map { scheme[$0]! }.sorted(), "\(route): security \(documented["schemes"] ?? [])")
            #expect(documented["roles"] == roles.map(\.rawValue).sorted(), "\(route): x-roles \(documented["roles"] ?? [])")
        }
        #expect(operations["GET /v1/health"]?["schemes"] == [])
    }
}
