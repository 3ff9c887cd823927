import SystemdIntegration
import Testing

@Suite struct ListenEnvironmentTests {
    @Test func namedDescriptorsStartAtThree() throws {
        let passed = try ListenEnvironment.parse(
            ["LISTEN_PID": "100", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "supervisor:metrics"], processID: 100)
        #expect(passed == [PassedDescriptor(fileDescriptor: 3, name: "supervisor"),
                           PassedDescriptor(fileDescriptor: 4, name: "metrics")])
    }

    @Test func namesDefaultToUnknown() throws {
        let passed = try ListenEnvironment.parse(["LISTEN_PID": "100", "LISTEN_FDS": "1"], processID: 100)
        #expect(passed == [PassedDescriptor(fileDescriptor: 3, name: "unknown")])
    }

    @Test func nothingPassedOrPassedToAnotherProcess() throws {
        #expect(try ListenEnvironment.parse([:], processID: 100).isEmpty)
        #expect(try ListenEnvironment.parse(["LISTEN_PID": "101", "LISTEN_FDS": "1"], processID: 100).isEmpty)
        #expect(try ListenEnvironment.parse(["LISTEN_PID": "100"], processID: 100).isEmpty)
        #expect(try ListenEnvironment.parse(["LISTEN_PID": "100", "LISTEN_FDS": "0"], processID: 100).isEmpty)
    }

    @Test(arguments: [
        ["LISTEN_PID": "x", "LISTEN_FDS": "1"],
        ["LISTEN_PID": "100", "LISTEN_FDS": "-1"],
        ["LISTEN_PID": "100", "LISTEN_FDS": "one"],
        ["LISTEN_PID": "100", "LISTEN_FDS": "2147483647"],
        ["LISTEN_PID": "100", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "supervisor"],
    ])
    func malformedVariablesThrow(_ environment: [String: String]) {
        let error = #expect(throws: SystemdError.self) { try ListenEnvironment.parse(environment, processID: 100) }
        #expect(error?.code == .socketActivation)
    }
}
