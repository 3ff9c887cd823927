import ReturnsCore

extension StationConfiguration {
    public static let defaultPath = "/etc/returnsd/returnsd.toml"

    /// Parses and checks a configuration; any problem is a `ConfigError` with line and key.
    public init(toml text: String, path: String? = nil) throws(ConfigError) {
        do {
            try self.init(document: TOMLDocument(parsing: text))
        } catch {
            var located = error
            located.path = path
            throw located
        }
    }

    init(document: TOMLDocument) throws(ConfigError) {
        let known: Set<String> = ["", "station", "scanning", "commands", "refund", "refund.fees", "supervisor", "feedback", "ledger", "archive"]
        for (name, table) in document.tables where !known.contains(name) {
            throw ConfigError(line: table.line, key: name, reason: "unknown table (see docs/CONFIGURATION.md)")
        }
        for (name, tables) in document.arrays where name != "device" {
            throw ConfigError(line: tables[0].line, key: name, reason: "unknown array of tables; devices are [[device]]")
        }
        try TableReader(document.tables[""], name: "").finish()

        var station = TableReader(document.tables["station"], name: "station")
        stationID = try station.string("id", default: "DOCK1")
        guard (1...16).contains(stationID.count), stationID.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
            throw station.fail("id", "'\(stationID)' must be 1–16 of A-Z, 0-9, '_' (it is part of every return note number)")
        }
        stateDirectory = try station.string("state_dir", default: "/var/lib/returnsd")
        try station.finish()

        var scanning = TableReader(document.tables["scanning"], name: "scanning")
        var commandsTable = TableReader(document.tables["commands"], name: "commands")
        classifier = ScanClassifier(
            commands: try Self.commands(&commandsTable),
            orderPattern: try Self.pattern(&scanning, "order_pattern", IdentifierPattern.defaultOrder),
            rmaPattern: try Self.pattern(&scanning, "rma_pattern", IdentifierPattern.defaultRMA),
            maximumLength: try scanning.integer("max_scan_length", in: 16...8192) ?? 512)
        try commandsTable.finish()
        let standard = WorkflowPolicy.standard
        let inspection = Inspection(
            condition: try scanning.choice("default_condition", Self.words(ItemCondition.self)) ?? standard.defaultInspection.condition,
            reason: try scanning.choice("default_reason", Self.words(ReturnReason.self)) ?? standard.defaultInspection.reason,
            disposition: try scanning.choice("default_disposition", Self.words(Disposition.self)) ?? standard.defaultInspection.disposition)
        let window = try scanning.integer("epc_dedup_window_ms", in: 0...600_000) ?? 2000
        try scanning.finish()
        policy = WorkflowPolicy(defaultInspection: inspection, epcDeduplicationWindowNanos: UInt64(window) * 1_000_000,
                                refund: try Self.refund(document))

        var archiveTable = TableReader(document.tables["archive"], name: "archive")
        archive = ArchiveConfiguration(
            enabled: try archiveTable.boolean("enabled") ?? true,
            afterDays: try archiveTable.integer("after_days", in: 0...3650) ?? 90,
            folder: try archiveTable.string("folder", default: stateDirectory + "/archive"),
            intervalSeconds: try archiveTable.integer("interval_s", in: 10...86_400) ?? 3600)
        try archiveTable.finish()

        var supervisorTable = TableReader(document.tables["supervisor"], name: "supervisor")
        supervisor = SupervisorConfiguration(
            socketPath: try supervisorTable.string("socket", default: "/run/returnsd/supervisor.sock"),
            readGroups: try supervisorTable.strings("read_groups") ?? ["returnsd-read"],
            superviseGroups: try supervisorTable.strings("supervise_groups") ?? ["returnsd-supervise"],
            maxRequestBytes: try supervisorTable.integer("max_request_bytes", in: 1024...10_485_760) ?? 65536,
            idleTimeoutSeconds: try supervisorTable.integer("idle_timeout_s", in: 1...3600) ?? 30,
            maxConnections: try supervisorTable.integer("max_connections", in: 1...1024) ?? 64,
            maxConnectionsPerUser: try supervisorTable.integer("max_connections_per_user", in: 1...1024) ?? 16,
            maxEventStreams: try supervisorTable.integer("max_event_streams", in: 0...256) ?? 8)
        try supervisorTable.finish()

        devices = []
        for table in document.arrays["device"] ?? [] {
            let device = try Self.device(table)
            if let other = devices.first(where: { $0.id == device.id }) {
                throw ConfigError(line: table.line, key: "device.id", reason: "'\(device.id)' is used by two devices (\(other.kind.rawValue) and \(device.kind.rawValue))")
            }
            devices.append(device)
        }

        var feedbackTable = TableReader(document.tables["feedback"], name: "feedback")
        var commands: [FeedbackClass: [String]] = [:]
        for (key, feedback) in [("good_command", FeedbackClass.good), ("rejected_command", .rejected),
                                ("exception_command", .exception), ("closed_command", .sessionClosed)] {
            if let argv = try feedbackTable.strings(key) {
                guard let program = argv.first, program.hasPrefix("/") else {
                    throw feedbackTable.fail(key, "expected [\"/absolute/program\", \"argument\", ...]")
                }
                commands[feedback] = argv
            }
        }
        feedback = FeedbackConfiguration(commands: commands,
                                         commandTimeoutMillis: try feedbackTable.integer("command_timeout_ms", in: 10...60_000) ?? 2000)
        try feedbackTable.finish()

        if let ledgerTable = document.tables["ledger"] {
            var reader = TableReader(ledgerTable, name: "ledger")
            guard let url = try reader.string("url") else { throw reader.fail("url", "[ledger] needs url = \"https://…\"") }
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw reader.fail("url", "'\(url)' is not an http(s) URL") }
            guard let tokenFile = try reader.string("token_file") else { throw reader.fail("token_file", "[ledger] needs token_file") }
            ledger = LedgerConfiguration(url: url, tokenFile: tokenFile, caFile: try reader.string("ca_file"),
                                         lookupTimeoutMillis: try reader.integer("lookup_timeout_ms", in: 100...30_000) ?? 1500,
                                         prefetchIntervalSeconds: try reader.integer("prefetch_interval_s", in: 5...86_400) ?? 300,
                                         retryTickMillis: try reader.integer("retry_tick_ms", in: 100...3_600_000) ?? 1000)
            try reader.finish()
            // One refund policy for station and ledger: the ledger's. A station table here would print refunds
            // the ledger does not pay.
            for name in ["refund", "refund.fees"] {
                if let table = document.tables[name] {
                    throw ConfigError(line: table.line, key: name, reason: "with [ledger] the refund policy is the ledger's (GET /v1/refund-policy, `returns-ledger serve --refund-fee`); remove [\(name)]")
                }
            }
        } else {
            ledger = nil
        }
    }

    static func words<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> [String: T] where T.RawValue == String {
        Dictionary(uniqueKeysWithValues: T.allCases.map { ($0.rawValue, $0) })
    }

    static func pattern(_ reader: inout TableReader, _ key: String, _ fallback: IdentifierPattern) throws(ConfigError) -> IdentifierPattern {
        guard let text = try reader.string(key) else { return fallback }
        do { return try IdentifierPattern(text) } catch { throw reader.fail(key, error.description) }
    }

    static func commands(_ reader: inout TableReader) throws(ConfigError) -> CommandBarcodes {
        let d = CommandBarcodes.standard
        return CommandBarcodes(
            close: try reader.string("close", default: d.close), cancel: try reader.string("cancel", default: d.cancel),
            undo: try reader.string("undo", default: d.undo), quantityPrefix: try reader.string("quantity_prefix", default: d.quantityPrefix),
            conditionPrefix: try reader.string("condition_prefix", default: d.conditionPrefix),
            reasonPrefix: try reader.string("reason_prefix", default: d.reasonPrefix),
            dispositionPrefix: try reader.string("disposition_prefix", default: d.dispositionPrefix),
            operatorPrefix: try reader.string("operator_prefix", default: d.operatorPrefix))
    }

    static func refund(_ document: TOMLDocument) throws(ConfigError) -> RefundPolicy {
        var policy = RefundPolicy.standard
        var refund = TableReader(document.tables["refund"], name: "refund")
        if let reasons = try refund.strings("waive_fee_for_reasons") {
            var set = Set<ReturnReason>()
            for reason in reasons {
                guard let r = ReturnReason(rawValue: reason) else { throw refund.fail("waive_fee_for_reasons", "'\(reason)' is not a reason") }
                set.insert(r)
            }
            policy.feeWaivedReasons = set
        }
        try refund.finish()
        var fees = TableReader(document.tables["refund.fees"], name: "refund.fees")
        for condition in ItemCondition.allCases {
            if let percent = try fees.number(condition.rawValue, in: 0...100) {
                policy.feeBasisPoints[condition] = Int((percent * 100).rounded())
            }
        }
        try fees.finish()
        return policy
    }
}
