import SupervisorClient
import ArgumentParser
import Foundation

/// Options every supervisor command shares.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The daemon's supervisor socket (or set RETURNSD_SOCKET).")
    var socket: String = ProcessInfo.processInfo.environment["RETURNSD_SOCKET"] ?? "/run/returnsd/supervisor.sock"

    @Flag(help: "Print the daemon's JSON as it is.")
    var json = false

    var client: SupervisorClient { SupervisorClient(socketPath: socket) }
}

/// Runs one request, prints JSON or a table, and turns failures into one line and a distinct exit status.
protocol SupervisorCommand: ParsableCommand {
    var connection: ConnectionOptions { get }
    var method: String { get }
    var path: String { get }
    /// What the request carries (an order file); empty for most.
    func requestBody() throws(ClientError) -> [UInt8]
    func render(_ json: Any) -> String
    /// An exit status the answer itself calls for (a failed check), printed or not; nil for 0.
    func failureStatus(_ json: Any) -> Int32?
}

extension SupervisorCommand {
    var method: String { "GET" }
    func requestBody() throws(ClientError) -> [UInt8] { [] }
    func failureStatus(_ json: Any) -> Int32? { nil }

    func run() throws {
        do {
            let response = try connection.client.request(method, path, body: try requestBody())
            let value = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
            if connection.json {
                print(response.text, terminator: response.text.hasSuffix("\n") ? "" : "\n")
            } else {
                print(render(value))
            }
            if let status = failureStatus(value) { throw ExitCode(status) }
        } catch let error as ClientError {
            FileHandle.standardError.write(Data("returnsctl: \(error.message)\n".utf8))
            throw ExitCode(error.kind.rawValue)
        }
    }
}

struct Status: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "The station at a glance: devices, open returns, outbox, problems.")
    @OptionGroup var connection: ConnectionOptions
    var path: String { "/v1/status" }

    func render(_ json: Any) -> String {
        let s = json as? [String: Any] ?? [:]
        var out = ["station \(s["station"] ?? "?")  version \(s["version"] ?? "?")  up \(Table.duration(s["uptimeSeconds"]))",
                   "open returns \(s["openSessions"] ?? 0)  open exceptions \(s["openExceptions"] ?? 0)  notes waiting for the ledger \(s["outboxDepth"] ?? 0)"]
        out.append(Devices.table(s["devices"] as? [[String: Any]] ?? []))
        let degraded = s["degraded"] as? [String] ?? []
        out.append(degraded.isEmpty ? "no problems" : degraded.map { "! \($0)" }.joined(separator: "\n"))
        return out.joined(separator: "\n")
    }
}

struct Devices: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "Configured devices, their state and last scan.")
    @OptionGroup var connection: ConnectionOptions
    var path: String { "/v1/devices" }
    func render(_ json: Any) -> String { Devices.table(json as? [[String: Any]] ?? []) }

    static func table(_ rows: [[String: Any]]) -> String {
        Table.render(["DEVICE", "KIND", "LANE", "STATE", "SCANS", "LAST SCAN", "PATH", "LAST ERROR"], rows.map {
            [Table.text($0["id"]), Table.text($0["kind"]), Table.text($0["lane"]), Table.text($0["state"]), Table.text($0["scans"]),
             Table.time($0["lastScanMillis"]), Table.text($0["path"]), Table.text($0["lastError"])]
        })
    }
}

struct Sessions: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "Returns in progress, one per lane.")
    @OptionGroup var connection: ConnectionOptions
    var path: String { "/v1/sessions" }
    func render(_ json: Any) -> String {
        let rows = json as? [[String: Any]] ?? []
        return rows.isEmpty ? "no open returns" : Table.render(["SESSION", "LANE", "ORDER", "OPERATOR", "ITEMS", "UNITS", "OPENED"], rows.map {
            [Table.text($0["id"]), Table.text($0["lane"]), Table.text($0["order"]), Table.text($0["operatorID"]), Table.text($0["items"]),
             Table.text($0["units"]), Table.time($0["openedAtMillis"])]
        })
    }
}

struct Session: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "One return: its items and every scan with its outcome.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Session id (from `returnsctl sessions`).") var id: String
    var path: String { "/v1/sessions/\(Table.escape(id))" }
    func render(_ json: Any) -> String {
        let s = json as? [String: Any] ?? [:]
        let items = Table.render(["LINE", "GTIN", "QTY", "SERIAL", "LOT", "CONDITION", "REASON", "DISPOSITION", "UNDONE"],
                                 (s["items"] as? [[String: Any]] ?? []).map {
            [Table.text($0["line"]), Table.text($0["gtin"]), Table.text($0["quantity"]), Table.text($0["serial"]), Table.text($0["lot"]),
             Table.text($0["condition"]), Table.text($0["reason"]), Table.text($0["disposition"]), Table.text($0["undone"])]
        })
        return "session \(id): \(s["status"] ?? "?")\n\(items)\n\n" + Scans.table(s["scans"] as? [[String: Any]] ?? [])
    }
}

struct Scans: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "The scan journal after a sequence number.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Show scans after this sequence number.") var after: Int = 0
    @Option(help: "At most this many.") var limit: Int = 100
    var path: String { "/v1/scans?after=\(after)&limit=\(limit)" }
    func render(_ json: Any) -> String { Scans.table(json as? [[String: Any]] ?? []) }

    static func table(_ rows: [[String: Any]]) -> String {
        Table.render(["SEQ", "DEVICE", "TEXT", "OUTCOME", "ORDER", "LINE", "DETAIL"], rows.map {
            [Table.text($0["seq"]), Table.text($0["device"]), Table.text($0["text"]), Table.text($0["outcome"]), Table.text($0["order"]),
             Table.text($0["line"]), Table.text($0["detail"])]
        })
    }
}

struct Notes: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "Recent return notes.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "At most this many.") var limit: Int = 50
    var path: String { "/v1/notes?limit=\(limit)" }
    func render(_ json: Any) -> String {
        Table.render(["NOTE", "ORDER", "CUSTOMER", "LINES", "REFUND"], (json as? [[String: Any]] ?? []).map {
            [Table.text($0["note"]), Table.text($0["order"]), Table.text($0["customer"]), Table.text(($0["lines"] as? [Any])?.count),
             "\(Table.text($0["refundTotal"])) \(Table.text($0["currency"]))"]
        })
    }
}

struct Note: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "One return note with its lines and refund.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Note number, e.g. RN-DOCK1-000042.") var number: String
    var path: String { "/v1/notes/\(Table.escape(number))" }
    func render(_ json: Any) -> String {
        let n = json as? [String: Any] ?? [:]
        let lines = Table.render(["LINE", "SKU", "GTIN", "QTY", "CONDITION", "REASON", "DISPOSITION", "SERIALS", "FEE", "TAX", "REFUND"],
                                 (n["lines"] as? [[String: Any]] ?? []).map {
            [Table.text($0["line"]), Table.text($0["sku"]), Table.text($0["gtin"]), Table.text($0["quantity"]), Table.text($0["condition"]),
             Table.text($0["reason"]), Table.text($0["disposition"]), (($0["serials"] as? [String]) ?? []).joined(separator: ","),
             Table.text($0["fee"]), Table.text($0["tax"]), Table.text($0["refund"])]
        })
        return "\(n["note"] ?? number)  order \(n["order"] ?? "?")  customer \(n["customer"] ?? "?")\n\(lines)\nrefund total \(n["refundTotal"] ?? "?") \(n["currency"] ?? "")"
    }
}

struct Exceptions: SupervisorCommand {
    static let configuration = CommandConfiguration(abstract: "Rejected items waiting for a supervisor (or decided ones).")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "open, approved or rejected.") var status: String = "open"
    var path: String { "/v1/exceptions?status=\(Table.escape(status))" }
    func render(_ json: Any) -> String {
        let rows = json as? [[String: Any]] ?? []
        return rows.isEmpty ? "no \(status) exceptions" : Table.render(["ID", "SCAN", "ORDER", "OUTCOME", "STATUS", "DETAIL"], rows.map {
            [Table.text($0["id"]), Table.text($0["scanSeq"]), Table.text($0["orderNumber"]), Table.text($0["outcome"]), Table.text($0["status"]),
             Table.text($0["detail"])]
        })
    }
}

/// approve / reject / cancel: a POST whose answer is an outcome and a sentence.
protocol SupervisorAction: SupervisorCommand {}
extension SupervisorAction {
    var method: String { "POST" }
    func render(_ json: Any) -> String {
        let r = json as? [String: Any] ?? [:]
        return "\(r["outcome"] ?? "?"): \(r["detail"] ?? "")"
    }
}

struct Approve: SupervisorAction {
    static let configuration = CommandConfiguration(abstract: "Approve an exception: the item counts in its return if that is still open.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Exception id.") var id: Int
    var path: String { "/v1/exceptions/\(id)/approve" }
}

struct Reject: SupervisorAction {
    static let configuration = CommandConfiguration(abstract: "Reject an exception: the item stays refused.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Exception id.") var id: Int
    var path: String { "/v1/exceptions/\(id)/reject" }
}

struct Cancel: SupervisorAction {
    static let configuration = CommandConfiguration(abstract: "Cancel an open return; nothing of it counts as returned.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Session id.") var id: String
    var path: String { "/v1/sessions/\(Table.escape(id))/cancel" }
}

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The ledger outbox: what waits, what failed and why; retry notes the ledger refused.",
        subcommands: [SyncShow.self, SyncRetry.self], defaultSubcommand: SyncShow.self)
}

struct SyncShow: SupervisorCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "What waits for the ledger, what failed and why.")
    @OptionGroup var connection: ConnectionOptions
    var path: String { "/v1/sync" }
    func render(_ json: Any) -> String {
        let s = json as? [String: Any] ?? [:]
        var out = [(s["ledgerConfigured"] as? Bool ?? false) ? "ledger configured" : "no ledger configured: notes wait in the outbox",
                   "pending \(s["pending"] ?? 0)  parked \(s["parked"] ?? 0)  last success \(Table.time(s["lastSuccessMillis"]))  "
                   + "failures in a row \(s["consecutiveFailures"] ?? 0)"]
        if let error = s["lastError"] as? String { out.append("last error: \(error)") }
        let pending = s["pendingNotes"] as? [[String: Any]] ?? []
        if !pending.isEmpty {
            out.append(Table.render(["NOTE", "ORDER", "STATE", "ATTEMPTS", "LAST ERROR"], pending.map {
                [Table.text($0["note"]), Table.text($0["order"]), ($0["parked"] as? Bool ?? false) ? "parked" : "waiting",
                 Table.text($0["attempts"]), Table.text($0["lastError"])]
            }))
        }
        if (s["parked"] as? Int ?? 0) > 0 { out.append("parked notes were refused by the ledger: fix the cause, then `returnsctl sync retry`") }
        return out.joined(separator: "\n")
    }
}

struct SyncRetry: SupervisorCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Send parked notes again (all, or one note) once the cause of the refusal is fixed.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Note number, e.g. RN-DOCK1-000042; all parked notes when left out.") var note: String?
    var method: String { "POST" }
    var path: String { "/v1/sync/retry" + (note.map { "?note=\(Table.escapeQueryValue($0))" } ?? "") }
    func render(_ json: Any) -> String {
        let count = (json as? [String: Any])?["unparked"] as? Int ?? 0
        return count == 0 ? "no parked note to retry" + (note.map { " (\($0) was not parked; it is sent as usual)" } ?? "")
            : "\(count) parked note\(count == 1 ? "" : "s") will be sent again now"
    }
}

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Follow the station live: one line per event, until interrupted.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        do {
            try connection.client.events { data in
                // Written straight to the descriptor: a pipe reading `watch` gets each line as it happens.
                if connection.json {
                    FileHandle.standardOutput.write(Data((data + "\n").utf8))
                } else if let e = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] {
                    let parts = [Table.time(e["atMillis"]), Table.text(e["type"]), Table.text(e["device"]), Table.text(e["text"]),
                                 Table.text(e["outcome"]), Table.text(e["order"]), Table.text(e["note"]), Table.text(e["detail"])]
                    FileHandle.standardOutput.write(Data((parts.filter { !$0.isEmpty }.joined(separator: "  ") + "\n").utf8))
                }
            }
        } catch {
            FileHandle.standardError.write(Data("returnsctl: \(error.message)\n".utf8))
            throw ExitCode(error.kind.rawValue)
        }
    }
}

struct ImportOrders: SupervisorCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-orders",
        abstract: "Import sales orders (CSV or JSON) through the running daemon, all or nothing.",
        discussion: "The running service holds its state folder; `returnsd import-orders` is for a station that is stopped.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "CSV or JSON order file, as for `returnsd import-orders`.") var file: String

    var method: String { "POST" }
    /// The file's name tells the daemon its format (.csv or .json) and names it in errors and the log.
    var path: String { "/v1/orders/import?name=\(Table.escapeQueryValue((file as NSString).lastPathComponent))" }

    func requestBody() throws(ClientError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else { throw ClientError(.io, "cannot read \(file)") }
        return [UInt8](data)
    }

    func render(_ json: Any) -> String {
        let count = (json as? [String: Any])?["imported"] as? Int ?? 0
        return "imported \(count) order\(count == 1 ? "" : "s") from \(file)"
    }
}

struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The journal archive: what left the live store, moving delivered history now, checking every file.",
        subcommands: [ArchiveShow.self, ArchiveRun.self, ArchiveVerify.self], defaultSubcommand: ArchiveShow.self)
}

struct ArchiveShow: SupervisorCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Archive files, what the live store holds, the last run.")
    @OptionGroup var connection: ConnectionOptions
    var path: String { "/v1/archive" }
    func render(_ json: Any) -> String {
        let s = json as? [String: Any] ?? [:]
        var out = [((s["enabled"] as? Bool) ?? false ? "archiving" : "archiving disabled") + " history older than \(s["afterDays"] ?? "?") days"
                   + " of delivered returns into \(s["folder"] ?? "?")",
                   "archived through scan \(s["archivedThrough"] ?? 0); live store: \(s["liveScans"] ?? 0) scans, "
                   + "\(((s["liveDatabaseBytes"] as? Int) ?? 0) / 1024) KiB in use"]
        let files = s["files"] as? [[String: Any]] ?? []
        if !files.isEmpty {
            out.append(Table.render(["FILE", "MEMBERS", "RECORDS", "SEQ"], files.map {
                [Table.text($0["file"]), Table.text($0["members"]), Table.text($0["records"]), "\(Table.text($0["firstSeq"]))–\(Table.text($0["lastSeq"]))"]
            }))
        }
        if let last = s["lastRun"] as? [String: Any] {
            let report = last["report"] as? [String: Any] ?? [:]
            let held = report["heldBack"] as? Int ?? 0
            let what = (last["error"] as? String).map { "failed: \($0)" }
                ?? "moved \(report["scans"] ?? 0) scans" + (held > 0 ? "; kept \(held) older scans live (their return is open or waiting for the ledger, or an exception is undecided)" : "")
            out.append("last run \(Table.time(last["atMillis"])): \(what)")
        }
        return out.joined(separator: "\n")
    }
}

struct ArchiveRun: SupervisorCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Archive now what the timer would archive next ([archive] after_days, delivered returns only).")
    @OptionGroup var connection: ConnectionOptions
    var method: String { "POST" }
    var path: String { "/v1/archive/run" }
    func render(_ json: Any) -> String {
        let s = json as? [String: Any] ?? [:]
        let files = (s["files"] as? [String] ?? []).joined(separator: ", ")
        let held = s["heldBack"] as? Int ?? 0
        return "moved \(s["scans"] ?? 0) scans" + (files.isEmpty ? "" : " into \(files)") + "; archived through scan \(s["archivedThrough"] ?? 0)"
            + (held > 0 ? "; kept \(held) older scans live (their return is open or waiting for the ledger, or an exception is undecided)" : "")
    }
}

struct ArchiveVerify: SupervisorCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every archive file record by record along its checksum chain; exit status 2 when anything is wrong.")
    @OptionGroup var connection: ConnectionOptions
    var path: String { "/v1/archive/verify" }
    func render(_ json: Any) -> String {
        let s = json as? [String: Any] ?? [:]
        let files = s["files"] as? [[String: Any]] ?? []
        var out = files.isEmpty ? ["no archive files yet"] : [Table.render(["FILE", "MEMBERS", "RECORDS", "STATE"], files.map { file in
            let problems = file["problems"] as? [String] ?? []
            let tail = (file["uncommittedBytes"] as? Int ?? 0) > 0 ? " (\(file["uncommittedBytes"]!) bytes of an unfinished run, cut at the next)" : ""
            return [Table.text(file["file"]), Table.text(file["members"]), Table.text(file["records"]),
                    (problems.isEmpty ? "ok" : "DAMAGED") + tail]
        })]
        for file in files {
            for problem in file["problems"] as? [String] ?? [] { out.append("! \(Table.text(file["file"])): \(problem)") }
        }
        out.append((s["ok"] as? Bool ?? false) ? "all \(s["records"] ?? 0) archived records intact" : "the archive is damaged: restore the files named above from a backup")
        return out.joined(separator: "\n")
    }
    func failureStatus(_ json: Any) -> Int32? { ((json as? [String: Any])?["ok"] as? Bool ?? false) ? nil : 2 }
}
