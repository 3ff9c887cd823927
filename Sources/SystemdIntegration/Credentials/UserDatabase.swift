import Glibc

/// Reentrant lookups in the user and group database (NSS), retrying with a larger buffer on `ERANGE`.
enum UserDatabase {
    struct User: Sendable, Hashable {
        var name: String
        var groupID: gid_t
    }

    /// The user with `id`, or `nil` when the database has none.
    static func user(id: uid_t) throws(SystemdError) -> User? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var size = max(Int(sysconf(Int32(_SC_GETPW_R_SIZE_MAX))), 1024)
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            // The entry's strings point into `buffer`: copy them out while the buffer is pinned.
            let (rc, user) = buffer.withUnsafeMutableBufferPointer { raw -> (Int32, User?) in
                let rc = getpwuid_r(id, &entry, raw.baseAddress!, raw.count, &result)
                guard rc == 0, result != nil else { return (rc, nil) }
                return (0, User(name: String(cString: entry.pw_name), groupID: entry.pw_gid))
            }
            if rc == ERANGE { size *= 2; continue }
            if rc != 0 {
                throw SystemdError(code: .peerCredentials, operation: "getpwuid_r", errno: rc, detail: "uid \(id)",
                                   remedy: "check /etc/nsswitch.conf and that the user database is readable")
            }
            return user
        }
    }

    /// Every group `user` belongs to, including `primaryGroup`.
    static func groupList(user: String, primaryGroup: gid_t) throws(SystemdError) -> [gid_t] {
        var count: Int32 = 32
        while true {
            var groups = [gid_t](repeating: 0, count: Int(count))
            var found = count
            if getgrouplist(user, primaryGroup, &groups, &found) != -1 {
                return Array(groups.prefix(Int(found)))
            }
            // -1 means the list was too small; `found` now holds the size needed.
            guard found > count else {
                throw SystemdError(code: .peerCredentials, operation: "getgrouplist", detail: "user \(user)",
                                   remedy: "check /etc/nsswitch.conf and that the group database is readable")
            }
            count = found
        }
    }

    /// The id of the group called `name`, or `nil` when there is none.
    static func groupID(named name: String) throws(SystemdError) -> gid_t? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var size = max(Int(sysconf(Int32(_SC_GETGR_R_SIZE_MAX))), 1024)
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let rc = buffer.withUnsafeMutableBufferPointer { raw in
                getgrnam_r(name, &entry, raw.baseAddress!, raw.count, &result)
            }
            if rc == ERANGE { size *= 2; continue }
            if rc != 0 {
                throw SystemdError(code: .peerCredentials, operation: "getgrnam_r", errno: rc, detail: "group \(name)",
                                   remedy: "check /etc/nsswitch.conf and that the group database is readable")
            }
            return result == nil ? nil : entry.gr_gid
        }
    }
}
