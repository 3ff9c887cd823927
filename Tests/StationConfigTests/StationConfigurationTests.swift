import Foundation
import ReturnsCore
import StationConfig
import Testing

/// The station's TOML reader: what it accepts, what it refuses, and that every refusal names line and key.
@Suite("Station configuration")
struct StationConfigurationTests {
    func refusal(_ text: String) -> ConfigError? {
        do { _ = try StationConfiguration(toml: text); return nil } catch { return error }
    }

    @Test func theShippedExampleParsesWithItsDocumentedValues() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Examples/returnsd.toml").standardized
        let config = try StationConfiguration(toml: try String(contentsOf: url, encoding: .utf8))
        #expect(config.stationID == "DOCK1")
        #expect(config.supervisor.maxRequestBytes == 65536)
        #expect(config.devices.map(\.id).prefix(3) == ["handheld", "fixed-mount", "rfid-tunnel"])
        #expect(config.devices[0].match.properties == ["RETURNSTATION_DEVICE": "scanner"])
        #expect(config.devices[1].goodReadBytes == [0x07])
        #expect(config.devices[1].badReadBytes == [0x07, 0x07, 0x07])
        #expect(config.policy.refund.feeBasisPoints[.opened] == 1000)
        #expect(config.ledger == nil)
    }

    @Test func anEmptyFileMeansEveryDefault() throws {
        let config = try StationConfiguration(toml: "")
        #expect(config.stationID == "DOCK1")
        #expect(config.stateDirectory == "/var/lib/returnsd")
        #expect(config.supervisor.readGroups == ["returnsd-read"])
        #expect(config.supervisor.idleTimeoutSeconds == 30)
        #expect(config.devices.isEmpty)
    }

    /// `properties = ["="]` passed check-config and then crashed `returnsd run` (Index out of range);
    /// `"=X"` silently meant `X = ""`. Both are refused now, naming the entry.
    @Test func udevPropertiesMustReadKeyEqualsValue() throws {
        func device(_ properties: String) -> String {
            "[[device]]\nid = \"d\"\nkind = \"keyboard-wedge\"\nproperties = \(properties)\n"
        }
        for (entry, words) in [("\"=\"", "udev property name"), ("\"=X\"", "udev property name"),
                               ("\"X=\"", "value after = is empty"), ("\"NOEQUALS\"", "KEY=VALUE"),
                               ("\"A B=1\"", "udev property name"), ("\"A=1\", \"A=2\"", "named twice")] {
            let error = try #require(refusal(device("[\(entry)]")), "\(entry) was accepted")
            #expect(error.line == 4 && error.key == "device.properties", "\(error)")
            #expect(error.reason.contains(words), "\(entry): \(error.reason)")
        }
        let config = try StationConfiguration(toml: device(#"["ID_VENDOR_ID=0c2e", "TAG=a=b"]"#))
        #expect(config.devices[0].match.properties == ["ID_VENDOR_ID": "0c2e", "TAG": "a=b"])
    }

    /// `bracketsBalanced` ignored `\"`, so this array was reported unclosed.
    @Test func aMultiLineArrayMayHoldEscapedQuotesAndBrackets() throws {
        let config = try StationConfiguration(toml: """
            [supervisor]
            read_groups = ["a\\"]", "b",
              "c#d", 'e]' # comment
            ]
            """)
        #expect(config.supervisor.readGroups == ["a\"]", "b", "c#d", "e]"])
    }

    @Test func anArrayLeftOpenIsNamed() {
        let error = refusal("[supervisor]\nread_groups = [\"a\",\n\"b\"\n")
        #expect(error?.line == 2 && error?.reason == "the array is not closed", "\(String(describing: error))")
    }

    @Test func typosAndDuplicatesAreRefusedWithTheirLine() {
        #expect(refusal("[station]\nid = \"D1\"\nstate_dri = \"/x\"\n")?.line == 3)
        #expect(refusal("[station]\nid = \"D1\"\nstate_dri = \"/x\"\n")?.key == "station.state_dri")
        #expect(refusal("[statoin]\n")?.reason.contains("unknown table") == true)
        #expect(refusal("[station]\nid = \"A\"\nid = \"B\"\n")?.reason == "the key is set twice")
        #expect(refusal("[station]\n[station]\n")?.reason.contains("defined twice") == true)
        #expect(refusal("[[device]]\nid = \"x\"\nkind = \"lines\"\npath = \"-\"\n[[device]]\nid = \"x\"\nkind = \"lines\"\npath = \"-\"\n")?
            .reason.contains("used by two devices") == true)
        #expect(refusal("[station]\nid = dock1\n")?.reason.contains("strings need quotes") == true)
        #expect(refusal("[station]\nid = \"dock 1\"\n")?.reason.contains("A-Z, 0-9") == true)
    }

    @Test func numbersOutsideTheirRangeNameTheRange() {
        let below = refusal("[supervisor]\nmax_request_bytes = 1023\n")
        #expect(below?.reason == "1023 is outside 1024...10485760" && below?.line == 2)
        #expect(refusal("[supervisor]\nmax_request_bytes = 10485761\n")?.reason == "10485761 is outside 1024...10485760")
        #expect(refusal("[supervisor]\nidle_timeout_s = \"30\"\n")?.reason == "expected an integer, found a string")
        #expect(refusal("[refund.fees]\nOPENED = 100.5\n")?.reason.contains("outside") == true)
        #expect(refusal("[supervisor]\nmax_request_bytes = 99999999999999999999\n") != nil)
    }

    @Test func stringsHonourTheirEscapesAndRefuseUnknownOnes() throws {
        let config = try StationConfiguration(toml: "[commands]\nclose = \"CMD:\\u0043LOSE\\t\"\ncancel = 'C:\\n'\n")
        #expect(config.classifier.commands.close == "CMD:CLOSE\t")
        #expect(config.classifier.commands.cancel == "C:\\n")
        #expect(refusal("[commands]\nclose = \"\\q\"\n")?.reason == "unknown escape \\q")
        #expect(refusal("[commands]\nclose = \"open\n")?.reason == "the string is not closed on this line")
        #expect(refusal("[commands]\nclose = \"\\uD800\"\n")?.reason == "bad \\u escape")
        #expect(refusal("[commands]\nclose = { a = 1 }\n")?.reason.contains("inline tables") == true)
    }

    @Test func aLedgerExcludesTheStationsOwnRefundPolicy() {
        let error = refusal("[ledger]\nurl = \"https://l\"\ntoken_file = \"/t\"\n[refund.fees]\nNEW = 0\n")
        #expect(error?.key == "refund.fees" && error?.line == 4, "\(String(describing: error))")
        #expect(refusal("[ledger]\nurl = \"ftp://l\"\ntoken_file = \"/t\"\n")?.reason.contains("not an http(s) URL") == true)
        #expect(refusal("[ledger]\nurl = \"https://l\"\n")?.reason.contains("token_file") == true)
    }

    @Test func devicesNeedWhatTheirKindNeeds() {
        #expect(refusal("[[device]]\nid = \"x\"\nkind = \"lines\"\n")?.reason.contains("a lines device needs path") == true)
        #expect(refusal("[[device]]\nid = \"x\"\nkind = \"keyboard-wedge\"\n")?.reason.contains("needs a path or something to match") == true)
        #expect(refusal("[[device]]\nid = \"x\"\nkind = \"laser\"\n")?.reason.contains("one of") == true)
        #expect(refusal("[[device]]\nid = \"x\"\nkind = \"serial\"\npath = \"/dev/x\"\nbaud = 9601\n") != nil)
        #expect(refusal("[feedback]\ngood_command = [\"beep\"]\n")?.reason.contains("absolute") == true)
    }
}
