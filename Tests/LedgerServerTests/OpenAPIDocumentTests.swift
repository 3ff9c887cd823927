import Foundation
import LedgerServer
import PostgresNIO
import Testing

/// `docs/openapi.yaml` is valid OpenAPI and lists exactly the routes the ledger serves.
@Suite struct OpenAPIDocumentTests {
    static var documentPath: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml").path
    }

    /// The router Hummingbird builds serves exactly the routes of the access table (and health), so a route
    /// misspelt in the table, or served but missing from it, fails here rather than as a 404 or a 403 in use.
    @Test func theRouterServesExactlyTheRoutesOfTheAccessTable() throws {
        // Never run: the router is only built, and building it opens no connection.
        let client = PostgresClient(configuration: .init(host: "127.0.0.1", port: 1, username: "nobody", password: nil, database: nil, tls: .disable))
        let router = LedgerRoutes(store: LedgerStore(client: client)).router()
        let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        let table = Set(LedgerAccess.routes.keys).union(["GET /v1/health"])
        #expect(served == table, "served, not in the table: \(served.subtracting(table).sorted()); in the table, not served: \(table.subtracting(served).sorted())")
        #expect(Set(LedgerRoutes.documented.map { "\($0.method) \($0.path)" }) == table)
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
        // And nothing in the document that the ledger does not serve.
        let inDocument = Set(methods.flatMap { path, verbs in verbs.map { "\($0) \(path)" } })
        #expect(inDocument == Set(LedgerRoutes.documented.map { "\($0.method) \($0.path)" }), "\(inDocument.sorted())")
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
