import Glibc

/// A group as configuration names it: by name (`returnsd-supervise`) or by number (`1002`).
public enum GroupReference: Sendable, Hashable, CustomStringConvertible {
    case name(String)
    case id(gid_t)

    /// All digits means a gid, as in chown(1); anything else is a name.
    public init(parsing text: String) {
        if !text.isEmpty, text.allSatisfy(\.isASCII), let id = gid_t(text) {
            self = .id(id)
        } else {
            self = .name(text)
        }
    }

    public var description: String {
        switch self {
        case .name(let name): name
        case .id(let id): String(id)
        }
    }

    /// The gid; a name that the group database does not know is an error, so a typo in the
    /// configuration is refused at start instead of silently locking supervisors out.
    public func resolve() throws(SystemdError) -> gid_t {
        switch self {
        case .id(let id):
            return id
        case .name(let name):
            guard let id = try UserDatabase.groupID(named: name) else {
                throw SystemdError(code: .unknownGroup, operation: "getgrnam_r", detail: "group \"\(name)\"",
                                   remedy: "create it (systemd-sysusers, groupadd) or fix the configured group name")
            }
            return id
        }
    }
}
