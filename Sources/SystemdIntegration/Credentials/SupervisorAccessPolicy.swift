import Glibc

/// Maps a supervisor-socket peer to a ``SupervisorRole`` by its groups.
///
/// ```swift
/// let policy = try SupervisorAccessPolicy.resolving(
///     readGroups: ["returnsd-read"].map(GroupReference.init(parsing:)),
///     superviseGroups: ["returnsd-supervise"].map(GroupReference.init(parsing:)))
/// let role = try policy.role(of: PeerCredentials.of(fileDescriptor: connection))
/// ```
public struct SupervisorAccessPolicy: Sendable, Hashable {
    public var readGroupIDs: Set<gid_t>
    public var superviseGroupIDs: Set<gid_t>
    /// Users who supervise regardless of groups. Root always does, listed here or not: it can read the
    /// state directory and signal the daemon anyway, so refusing it would protect nothing.
    public var trustedUserIDs: Set<uid_t>

    public init(readGroupIDs: Set<gid_t>, superviseGroupIDs: Set<gid_t>, trustedUserIDs: Set<uid_t> = []) {
        self.readGroupIDs = readGroupIDs
        self.superviseGroupIDs = superviseGroupIDs
        self.trustedUserIDs = trustedUserIDs
    }

    /// Resolves configured group names once, at start or reload; an unknown name throws.
    public static func resolving(
        readGroups: [GroupReference], superviseGroups: [GroupReference], trustedUserIDs: Set<uid_t> = []
    ) throws(SystemdError) -> SupervisorAccessPolicy {
        var read: Set<gid_t> = []
        for group in readGroups { read.insert(try group.resolve()) }
        var supervise: Set<gid_t> = []
        for group in superviseGroups { supervise.insert(try group.resolve()) }
        return SupervisorAccessPolicy(readGroupIDs: read, superviseGroupIDs: supervise, trustedUserIDs: trustedUserIDs)
    }

    /// The role of a user with `groupIDs` (primary and supplementary). Pure: no lookups.
    public func role(userID: uid_t, groupIDs: Set<gid_t>) -> SupervisorRole {
        if userID == 0 || trustedUserIDs.contains(userID) { return .supervisor }
        if !groupIDs.isDisjoint(with: superviseGroupIDs) { return .supervisor }
        if !groupIDs.isDisjoint(with: readGroupIDs) { return .reader }
        return .denied
    }

    /// The role of `peer`, looking up its user's groups in the database now.
    public func role(of peer: PeerCredentials) throws(SystemdError) -> SupervisorRole {
        if peer.userID == 0 || trustedUserIDs.contains(peer.userID) { return .supervisor }
        return role(userID: peer.userID, groupIDs: try peer.groupIDs())
    }
}
