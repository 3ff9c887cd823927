import Glibc
import Logging
import StationConfig
import Synchronization
import SystemdIntegration

/// The parts of the configuration a reload (SIGHUP) changes in place. Everything that uses them reads them at
/// the moment of use — the supervisor's role per request, its limits per connection, the feedback commands per
/// signal — so a supervisor removed from a group loses the right with the reload, not with the next restart.
public final class LiveSettings: Sendable {
    public struct Values: Sendable {
        /// The configuration in force: the file as last loaded, at start or by an accepted reload.
        public var configuration: StationConfiguration
        /// `configuration.supervisor`'s groups resolved to ids when it was loaded.
        public var access: SupervisorAccessPolicy
        public var supervisor: SupervisorConfiguration { configuration.supervisor }
        public var feedback: FeedbackConfiguration { configuration.feedback }
    }

    private let values: Mutex<Values>

    public init(_ configuration: StationConfiguration, logger: Logger) {
        values = Mutex(Values(configuration: configuration, access: Self.accessPolicy(configuration.supervisor, logger: logger)))
    }

    public var current: Values { values.withLock { $0 } }

    /// Takes `next` in place of the configuration in force, or returns why it cannot without a restart (and
    /// keeps the one in force).
    public func reload(_ next: StationConfiguration, logger: Logger) -> String? {
        let access = Self.accessPolicy(next.supervisor, logger: logger)
        return values.withLock { values in
            if let restart = Self.restartNeeded(from: values.configuration, to: next) { return restart }
            values = Values(configuration: next, access: access)
            return nil
        }
    }

    /// What in `next` cannot take effect without a restart, as a sentence naming the table; nil when all can.
    static func restartNeeded(from current: StationConfiguration, to next: StationConfiguration) -> String? {
        if next.stationID != current.stationID || next.stateDirectory != current.stateDirectory {
            return "[station] id and state_dir change only with a restart (systemctl restart returnsd)"
        }
        if next.supervisor.socketPath != current.supervisor.socketPath {
            return "[supervisor] socket changes only with a restart (systemctl restart returnsd)"
        }
        if next.archive.folder != current.archive.folder {
            return "[archive] folder changes only with a restart (systemctl restart returnsd)"
        }
        if next.ledger != current.ledger {
            // Adding, removing or pointing [ledger] elsewhere changes who prices the notes and where they go.
            return "[ledger] changes only with a restart (systemctl restart returnsd); the token file alone is read again at every reload"
        }
        return nil
    }

    /// Groups that do not exist are skipped with a warning: nobody is in them, so nothing is lost.
    static func accessPolicy(_ settings: SupervisorConfiguration, logger: Logger) -> SupervisorAccessPolicy {
        func resolve(_ names: [String]) -> Set<gid_t> {
            var ids: Set<gid_t> = []
            for name in names {
                do { ids.insert(try GroupReference(parsing: name).resolve()) } catch {
                    logger.warning("supervisor group does not exist", metadata: ["group": "\(name)"])
                }
            }
            return ids
        }
        return SupervisorAccessPolicy(readGroupIDs: resolve(settings.readGroups), superviseGroupIDs: resolve(settings.superviseGroups),
                                      trustedUserIDs: [getuid()])
    }
}
