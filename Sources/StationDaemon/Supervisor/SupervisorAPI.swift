import Foundation
import ReturnsCore
import StationArchive
import StationStore
import SystemdIntegration

/// Routes supervisor requests (docs/SUPERVISOR_API.md). Knows nothing of sockets: the server hands it a
/// request and the caller's role, so every route is testable in-process as well as over the socket.
public struct SupervisorAPI: Sendable {
    public let runtime: StationRuntime

    public init(runtime: StationRuntime) { self.runtime = runtime }

    /// An order file sent by `returnsctl import-orders` may be larger than any other request.
    public static let maxImportBytes = 32 << 20

    /// The body limit for a request, known from its head and the caller's role before the body is read.
    public static func bodyLimit(method: String, uri: String, role: SupervisorRole, configured: Int) -> Int {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        return method == "POST" && path == "/v1/orders/import" && role >= .supervisor ? max(configured, maxImportBytes) : configured
    }

    public func handle(_ request: SupervisorRequest, role: SupervisorRole, peerName: String) async -> SupervisorResponse {
        runtime.metrics.supervisorRequest()
        do {
            return try await route(request, role: role, peerName: peerName)
        } catch let error as SupervisorError {
            return .failure(error)
        } catch let error as ArchiveError {
            runtime.logger.error("archive request failed", metadata: ["path": "\(request.path)", "error": "\(error)"])
            return .failure(SupervisorError(.unavailable, "the journal archive could not be read or written: \(error.description); `returnsctl archive verify` checks every file"))
        } catch {
            runtime.logger.error("supervisor request failed", metadata: ["path": "\(request.path)", "error": "\(error)"])
            return .failure(SupervisorError(.internal, "the station could not answer; see the journal"))
        }
    }

    private func route(_ request: SupervisorRequest, role: SupervisorRole, peerName: String) async throws -> SupervisorResponse {
        let settings = runtime.live.current.supervisor
        guard role >= .reader else {
            throw SupervisorError(.forbidden, "\(peerName) may not use the supervisor socket: add the user to one of the groups "
                + (settings.readGroups + settings.superviseGroups).joined(separator: ", "))
        }
        let parts = request.path.split(separator: "/").map(String.init)
        let isGet = request.method == "GET" || request.method == "HEAD"
        if request.method == "POST" && role < .supervisor {
            throw SupervisorError(.forbidden, "\(peerName) may read but not supervise: add the user to "
                + settings.superviseGroups.joined(separator: " or "))
        }
        let method = request.method
        let get = isGet
        let store = runtime.store
        if get, match("metrics", parts) != nil {
            let text = runtime.metrics.render(outboxDepth: store.gauges.outboxDepth,
                                              openSessions: runtime.pipeline.published.snapshot.openSessionCount,
                                              devicesUp: runtime.devices.all.filter { $0.state == .reading }.count,
                                              supervisorConnections: runtime.supervisorConnections.open,
                                              eventStreams: runtime.events.subscriberCount)
            return .body(status: 200, contentType: "text/plain; version=0.0.4", bytes: Array(text.utf8))
        }
        if get, match("v1/status", parts) != nil { return .json(status()) }
        if get, match("v1/devices", parts) != nil { return .json(runtime.devices.all) }
        if get, match("v1/sessions", parts) != nil {
            return .json(runtime.pipeline.published.snapshot.openSessions)
        }
        if get, let p = match("v1/sessions/:id", parts) { return .json(try await session(p[0])) }
        if method == "POST", let p = match("v1/sessions/:id/cancel", parts) {
            return try await perform(.cancelSession(id: p[0]), by: peerName)
        }
        if get, match("v1/scans", parts) != nil {
            let after = try request.integer("after", in: 0...Int64.max, default: 0)
            let limit = Int(try request.integer("limit", in: 1...Int64(Self.maximumPageSize), default: 100))
            // Archived history first, then the live store: the journal reads as one (docs/RELIABILITY.md).
            return .json(try await runtime.archiver.read { history throws(ArchiveError) in try history.scans(after: after, limit: limit) }
                .map(SupervisorViews.Scan.init))
        }
        if get, match("v1/notes", parts) != nil {
            let limit = Int(try request.integer("limit", in: 1...Int64(Self.maximumPageSize), default: 50))
            return .json(try await store.offCooperativePool { try $0.notes(limit: limit) }.map(ReplayReport.noteObject))
        }
        if get, let p = match("v1/notes/:number", parts) {
            let number = p[0]
            guard let note = try await store.offCooperativePool({ try $0.note(number: number) }) else {
                throw SupervisorError(.notFound, "no return note \(number)")
            }
            return .json(ReplayReport.noteObject(note))
        }
        if get, match("v1/exceptions", parts) != nil {
            let status = request.query["status"]
            guard status == nil || ["open", "approved", "rejected"].contains(status!) else {
                throw SupervisorError(.badRequest, "status is open, approved or rejected")
            }
            return .json(try await store.offCooperativePool { try $0.exceptions(status: status) })
        }
        if method == "POST", let p = match("v1/exceptions/:id/:verb", parts), p[1] == "approve" || p[1] == "reject" {
            guard let id = Int64(p[0]), let found = try await store.offCooperativePool({ try $0.exception(id) }) else {
                if let id = Int64(p[0]), try await store.offCooperativePool({ try $0.exceptionWasArchived(id) }) {
                    throw SupervisorError(.conflict, "exception \(id) was decided and has been archived with its scan (`returnsctl scans` shows it)")
                }
                throw SupervisorError(.notFound, "no exception \(p[0])")
            }
            guard found.record.status == "open" else {
                throw SupervisorError(.conflict, "exception \(id) was already \(found.record.status)")
            }
            return try await perform(p[1] == "approve" ? .approveException(found.approval) : .rejectException(id: id), by: peerName)
        }
        if get, match("v1/sync", parts) != nil {
            let snapshot = runtime.sync.snapshot
            let pending = try await runtime.store.pendingOutbox()
            return .json(SupervisorViews.Sync(
                ledgerConfigured: snapshot.ledgerConfigured, pending: pending.count, lastAttemptMillis: snapshot.lastAttemptMillis,
                lastSuccessMillis: snapshot.lastSuccessMillis, lastError: snapshot.lastError,
                consecutiveFailures: snapshot.consecutiveFailures, parked: pending.filter(\.failedPermanently).count,
                pendingNotes: pending.map {
                    .init(note: $0.noteNumber, order: $0.orderNumber, attempts: $0.attempts, lastError: $0.lastError, parked: $0.failedPermanently)
                }))
        }
        if method == "POST", match("v1/sync/retry", parts) != nil {
            let unparked: Int
            // A typed `catch … where` that rethrows the rest crashes swiftc 6.3.1 ("Found ownership error"): catch all.
            do { unparked = try await runtime.store.unparkOutbox(noteNumber: request.query["note"]) } catch {
                guard error.code == .notFound else { throw error }
                throw SupervisorError(.notFound, error.message)
            }
            runtime.logger.notice("parked notes retried by a supervisor", metadata: ["by": "\(peerName)", "notes": "\(unparked)"])
            runtime.syncWakeup.retryNow()
            return .json(SupervisorViews.Retried(unparked: unparked))
        }
        if get, match("v1/archive", parts) != nil { return .json(try await archiveStatus()) }
        if get, match("v1/archive/verify", parts) != nil {
            return .json(try await runtime.archiver.verify())
        }
        if method == "POST", match("v1/archive/run", parts) != nil {
            return .json(try await runtime.archiver.run(by: peerName))
        }
        if method == "POST", match("v1/orders/import", parts) != nil {
            // The daemon holds the state folder, so an import next to the running service goes through it.
            let name = request.query["name"] ?? "import.csv"
            guard (1...255).contains(name.utf8.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw SupervisorError(.badRequest, "name is the file's name: 1–255 bytes, no control characters")
            }
            let body = request.body
            // Parsing up to 32 MiB takes a while: not on a cooperative thread, where it would hold up scans.
            let parsed: Result<[SalesOrder], ImportError> = await withCheckedContinuation { done in
                DispatchQueue.global().async { done.resume(returning: Result { () throws(ImportError) in try OrderImport.parse(body, fileName: name) }) }
            }
            let orders: [SalesOrder]
            do { orders = try parsed.get() } catch {
                throw SupervisorError(.badRequest, "\(name): \(error.description)")
            }
            let count = try await runtime.store.importOrdersAsync(orders, source: name, atMillis: runtime.clock.wallMillis())
            runtime.logger.notice("orders imported by a supervisor", metadata: ["by": "\(peerName)", "orders": "\(count)", "file": "\(name)"])
            return .json(SupervisorViews.Imported(imported: count))
        }
        if get, match("v1/events", parts) != nil {
            guard let stream = runtime.events.subscribe(maximum: settings.maxEventStreams) else {
                throw SupervisorError(.unavailable, "\(settings.maxEventStreams) event streams are open, the most the station serves (max_event_streams); close one (returnsctl watch) and retry")
            }
            return .events(stream)
        }
        if !get && method != "POST" { throw SupervisorError(.methodNotAllowed, "\(method) is not supported; use GET or POST") }
        throw SupervisorError(.notFound, "no such resource: \(method) \(request.path) (see docs/SUPERVISOR_API.md)")
    }

    /// The most rows `GET /v1/scans` and `GET /v1/notes` return per request (`limit`).
    public static let maximumPageSize = 1000

    /// Matches path segments against a pattern like `v1/sessions/:id`; returns the `:` segments.
    private func match(_ pattern: String, _ parts: [String]) -> [String]? {
        let expected = pattern.split(separator: "/")
        guard expected.count == parts.count else { return nil }
        var captured: [String] = []
        for (want, got) in zip(expected, parts) {
            if want.hasPrefix(":") { captured.append(got) } else if want != got { return nil }
        }
        return captured
    }

    /// From memory only (the pipeline's published snapshot, the store's gauges, the boards): a status request
    /// neither reads the store nor waits for the pipeline, so a dashboard cannot slow scanning.
    func status() -> SupervisorViews.Status {
        let devices = runtime.devices.all
        var degraded: [String] = []
        if let failure = runtime.storeHealth.failure {
            degraded.append("the store refuses writes, scans are NOT acknowledged (\(failure.failedBatches) failed since \(failure.sinceMillis)): \(failure.message)")
        }
        for d in devices where d.state != .reading {
            degraded.append("device \(d.id) is \(d.state.rawValue)" + (d.lastError.map { ": \($0)" } ?? ""))
        }
        let sync = runtime.sync.snapshot
        if !sync.ledgerConfigured { degraded.append("no ledger configured: notes stay in the outbox") }
        if let error = sync.lastError {
            switch sync.lastErrorKind ?? .unreachable {
            case .unreachable: degraded.append("ledger unreachable: \(error)")
            case .tokenRefused: degraded.append("the ledger refuses this station's token (replace the token file, then reload): \(error)")
            case .noteRefused: break  // said below, per parked note
            }
        }
        let pipeline = runtime.pipeline.published.snapshot, gauges = runtime.store.gauges
        let refund = pipeline.refundPolicy
        let parked = gauges.parkedNotes
        if parked > 0 { degraded.append("\(parked) note\(parked == 1 ? "" : "s") refused by the ledger: see `returnsctl sync`, then `returnsctl sync retry`") }
        return SupervisorViews.Status(
            station: runtime.configuration.stationID, version: StationRuntime.version,
            uptimeSeconds: (runtime.clock.wallMillis() - runtime.startedAtMillis) / 1000, devices: devices,
            openSessions: pipeline.openSessionCount, outboxDepth: gauges.outboxDepth,
            openExceptions: gauges.openExceptions, lastSync: sync,
            refundPolicy: refund.id, refundPolicyText: refund.canonicalText, storeWriter: runtime.storeWriterSettings, degraded: degraded)
    }

    func session(_ id: String) async throws -> SupervisorViews.SessionDetail {
        // The items of an open session live in the pipeline; this rare request waits for the actor.
        let open = await runtime.pipeline.openSessions.first { $0.id == id }
        guard let stored = try await runtime.store.offCooperativePool({ try $0.session(id) }) else {
            guard let open else { throw SupervisorError(.notFound, "no session \(id)") }
            return .init(session: .init(open), status: "open", items: open.items.map(SupervisorViews.Item.init), scans: [])
        }
        // A finished session's scans and items may be in the archive by now: read through it.
        let history = try await runtime.archiver.read { history throws(ArchiveError) in try history.session(id) }
        let scans = (history?.scans ?? []).map(SupervisorViews.Scan.init)
        return .init(session: open.map(SupervisorViews.SessionSummary.init), status: stored.status,
                     items: (open?.items ?? history?.items ?? stored.items).map(SupervisorViews.Item.init), scans: scans)
    }

    func archiveStatus() async throws -> SupervisorViews.Archive {
        let settings = runtime.archiver.settings
        let (members, size) = try await runtime.archiver.read { history throws(ArchiveError) in
            do { return (try history.store.archiveMembers(), try history.store.liveJournalSize()) } catch { throw ArchiveError.from(error) }
        }
        let files = Dictionary(grouping: members, by: \.file).map { file, members in
            SupervisorViews.Archive.File(file: file, members: members.count, records: members.reduce(0) { $0 + $1.records },
                                         firstSeq: members.map(\.firstSeq).min() ?? 0, lastSeq: members.map(\.lastSeq).max() ?? 0)
        }.sorted { $0.file < $1.file }
        return .init(enabled: settings.enabled, afterDays: settings.afterDays, intervalSeconds: settings.intervalSeconds,
                     folder: settings.folder, archivedThrough: members.map(\.lastSeq).max() ?? 0, files: files,
                     liveScans: size.scans, liveDatabaseBytes: size.bytes, lastRun: runtime.archiver.last)
    }

    func perform(_ action: SupervisorAction, by peerName: String) async throws -> SupervisorResponse {
        let receipt: ScanReceipt
        do {
            receipt = try await runtime.pipeline.perform(action, by: peerName)
        } catch let error as PipelineError {
            if error.store.code == .notFound { throw SupervisorError(.conflict, error.store.message) }
            throw SupervisorError(.unavailable, error.description)
        }
        let result = SupervisorViews.ActionResult(outcome: receipt.decision.outcome.rawValue, detail: receipt.decision.detail, seq: receipt.seq)
        return .json(result, status: receipt.decision.outcome == .commandRefused ? 409 : 200)
    }
}
