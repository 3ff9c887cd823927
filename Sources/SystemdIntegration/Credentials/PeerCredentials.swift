import CPeerCredentials
import Glibc

/// Who is on the other end of a connected Unix socket, as the kernel recorded it at `connect(2)`
/// (`SO_PEERCRED`) — not what the client claims.
///
/// ```swift
/// let peer = try PeerCredentials.of(fileDescriptor: connection)
/// switch try policy.role(of: peer) {
/// case .denied: // 403 "user 1001 is in neither returnsd-read nor returnsd-supervise"
/// ...
/// }
/// ```
public struct PeerCredentials: Sendable, Hashable {
    public var processID: pid_t
    public var userID: uid_t
    public var groupID: gid_t

    public init(processID: pid_t, userID: uid_t, groupID: gid_t) {
        self.processID = processID
        self.userID = userID
        self.groupID = groupID
    }

    /// The credentials of the peer of `fileDescriptor`, a connected `AF_UNIX` socket.
    public static func of(fileDescriptor: Int32) throws(SystemdError) -> PeerCredentials {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
        try SystemCall.retrying(.peerCredentials, "getsockopt(SO_PEERCRED)", detail: "fd \(fileDescriptor)",
                                remedy: "only connected AF_UNIX sockets carry peer credentials") {
            cpc_peer_credentials(fileDescriptor, &pid, &uid, &gid)
        }
        return PeerCredentials(processID: pid, userID: uid, groupID: gid)
    }

    /// The peer's group and every group the user database gives its user now (`getgrouplist`), so a
    /// supervisor added to a group is recognised at once, without logging in again. A user missing from
    /// the database (a `DynamicUser=` service) has just its own group.
    public func groupIDs() throws(SystemdError) -> Set<gid_t> {
        var groups: Set<gid_t> = [groupID]
        if let user = try UserDatabase.user(id: userID) {
            groups.formUnion(try UserDatabase.groupList(user: user.name, primaryGroup: user.groupID))
        }
        return groups
    }
}
