import Glibc
import SystemdIntegration
import Testing

@Suite struct SupervisorAccessPolicyTests {
    let policy = SupervisorAccessPolicy(readGroupIDs: [900], superviseGroupIDs: [901])

    @Test func rolesByGroup() {
        #expect(policy.role(userID: 1000, groupIDs: [100, 900]) == .reader)
        #expect(policy.role(userID: 1000, groupIDs: [901]) == .supervisor)
        #expect(policy.role(userID: 1000, groupIDs: [900, 901]) == .supervisor)
        #expect(policy.role(userID: 1000, groupIDs: [100]) == .denied)
    }

    @Test func rootAndTrustedUsersAlwaysSupervise() {
        #expect(policy.role(userID: 0, groupIDs: []) == .supervisor)
        let trusting = SupervisorAccessPolicy(readGroupIDs: [], superviseGroupIDs: [], trustedUserIDs: [123])
        #expect(trusting.role(userID: 123, groupIDs: []) == .supervisor)
        #expect(trusting.role(userID: 124, groupIDs: []) == .denied)
    }

    @Test func rolesAreOrdered() {
        #expect(SupervisorRole.denied < .reader && SupervisorRole.reader < .supervisor)
    }

    @Test func groupReferencesByNameOrNumber() throws {
        #expect(GroupReference(parsing: "1002") == .id(1002))
        #expect(GroupReference(parsing: "returnsd-read") == .name("returnsd-read"))
        #expect(try GroupReference(parsing: "root").resolve() == 0)
        let error = #expect(throws: SystemdError.self) { try GroupReference(parsing: "rs-no-such-group-x").resolve() }
        #expect(error?.code == .unknownGroup)
    }

    @Test func resolvingAPolicyFromNames() throws {
        let resolved = try SupervisorAccessPolicy.resolving(readGroups: [.name("root")], superviseGroups: [.id(4242)])
        #expect(resolved.readGroupIDs == [0])
        #expect(resolved.superviseGroupIDs == [4242])
    }
}
