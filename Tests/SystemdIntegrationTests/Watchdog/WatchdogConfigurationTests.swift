import SystemdIntegration
import Testing

@Suite struct WatchdogConfigurationTests {
    @Test func pingsAtHalfTheTimeout() throws {
        let watchdog = try #require(try WatchdogConfiguration.fromEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "77"], processID: 77))
        #expect(watchdog.timeout == .seconds(30))
        #expect(watchdog.pingInterval == .seconds(15))
    }

    @Test func absentPidMeansThisProcess() throws {
        #expect(try WatchdogConfiguration.fromEnvironment(["WATCHDOG_USEC": "1000"], processID: 5)?.timeout == .milliseconds(1))
    }

    @Test func noWatchdogWhenUnsetOrMeantForAnotherProcess() throws {
        #expect(try WatchdogConfiguration.fromEnvironment([:], processID: 5) == nil)
        #expect(try WatchdogConfiguration.fromEnvironment(["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "6"], processID: 5) == nil)
    }

    @Test(arguments: [["WATCHDOG_USEC": "0"], ["WATCHDOG_USEC": "abc"], ["WATCHDOG_USEC": "-5"],
                      ["WATCHDOG_USEC": "18446744073709551615"], ["WATCHDOG_USEC": "1000", "WATCHDOG_PID": "x"]])
    func malformedValuesThrow(_ environment: [String: String]) {
        #expect(throws: SystemdError.self) { try WatchdogConfiguration.fromEnvironment(environment, processID: 5) }
    }
}
