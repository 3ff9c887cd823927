import Testing
import ScannerInput

@Suite("Device selection")
struct DeviceSelectorTests {
    @Test func firstMatchingRuleWins() {
        let selector = DeviceFixtures.selector
        #expect(selector.select(DeviceFixtures.honeywellHIDPOS()) == DeviceSelection(kind: .hidPOS, rule: "hidpos"))
        #expect(selector.select(DeviceFixtures.honeywellWedge()) == DeviceSelection(kind: .keyboardWedge, rule: "wedge"))
        #expect(selector.select(DeviceFixtures.rfidReader()) == DeviceSelection(kind: .rfidSerial, rule: "rfid"))
    }

    @Test func ruleOnlyTakesNodesOfItsKindsSubsystem() throws {
        // A vendor rule for a keyboard wedge must not also grab the scanner's hidraw node.
        let selector = try DeviceSelector(rules: [SelectionRule(name: "honeywell", kind: .keyboardWedge, vendorID: 0x0c2e)])
        #expect(selector.select(DeviceFixtures.honeywellWedge())?.kind == .keyboardWedge)
        #expect(selector.select(DeviceFixtures.honeywellHIDPOS()) == nil)
    }

    @Test func vendorProductNameAndPropertiesMustAllHold() throws {
        let selector = try DeviceSelector(rules: [
            SelectionRule(name: "exact", kind: .keyboardWedge, vendorID: 0x0c2e, productID: 0x0b61,
                          namePattern: "Honeywell*1950?", properties: ["RETURNSTATION_DEVICE": "scanner"]),
        ])
        #expect(selector.select(DeviceFixtures.honeywellWedge()) != nil)
        var otherProduct = DeviceFixtures.honeywellWedge()
        otherProduct.productID = 0x0b62
        #expect(selector.select(otherProduct) == nil)
        var otherName = DeviceFixtures.honeywellWedge()
        otherName.name = "Honeywell Imaging & Mobility 1950g Consumer Control"
        #expect(selector.select(otherName) == nil)
        var untagged = DeviceFixtures.honeywellWedge()
        untagged.properties["RETURNSTATION_DEVICE"] = nil
        #expect(selector.select(untagged) == nil)
    }

    @Test func nameGlobIsCaseSensitiveFnmatch() throws {
        let selector = try DeviceSelector(rules: [SelectionRule(name: "ftdi", kind: .serialScanner, namePattern: "FT232*")])
        #expect(selector.select(DeviceFixtures.rfidReader())?.rule == "ftdi")
        let lower = try DeviceSelector(rules: [SelectionRule(name: "ftdi", kind: .serialScanner, namePattern: "ft232*")])
        #expect(lower.select(DeviceFixtures.rfidReader()) == nil)
    }

    @Test func ruleWithoutCriteriaIsRejected() {
        #expect(throws: SelectionRuleError.self) {
            _ = try DeviceSelector(rules: [SelectionRule(name: "all-ttys", kind: .serialScanner)])
        }
        do {
            _ = try DeviceSelector(rules: [
                SelectionRule(name: "a", kind: .hidPOS, vendorID: 1),
                SelectionRule(name: "a", kind: .hidPOS, vendorID: 2),
            ])
            Issue.record("duplicate names accepted")
        } catch {
            #expect(error.code == .duplicateName)
            #expect(error.index == 1)
        }
    }
}
