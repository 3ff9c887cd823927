import Foundation
import ReturnsTestKit
import Testing

@Suite struct ExampleConfigurationTests {
    @Test func theShippedExampleIsAccepted() throws {
        let result = try ProcessRunner.run("returnsd", ["check-config", "--config", ProcessRunner.examplesDirectory + "/returnsd.toml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("station DOCK1"))
        #expect(result.stdout.contains("device handheld: keyboard-wedge found by udev lane dock"))
        #expect(result.stdout.contains("device rfid-tunnel: rfid /dev/returnstation/rfid lane dock"))
    }
}
