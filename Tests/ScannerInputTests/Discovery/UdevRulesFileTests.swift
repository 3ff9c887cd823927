import Foundation
import Testing

/// Static checks of udev-rules/70-returnstation.rules. Debian 12's systemd 252 has no
/// `udevadm verify` and no udev runs on the test machines, so these check what can be checked
/// without one: every line parses as udev(7) syntax, keys and operators fit, vendor ids are what
/// sysfs prints, every tagged device gets the group, mode and systemd tag, and jumps land.
@Suite("udev rules file")
struct UdevRulesFileTests {
    static func rulesText() throws -> String {
        // Resolve symlinks first: the tests may be compiled through a symlinked folder.
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("udev-rules/70-returnstation.rules"), encoding: .utf8)
    }

    let rules: [UdevRuleLine]
    init() throws { rules = try UdevRuleLine.parse(Self.rulesText()) }

    @Test func everyItemUsesAKnownKeyWithAFittingOperator() {
        #expect(rules.count > 20)
        for rule in rules {
            for item in rule.items {
                let isMatch = item.op == "==" || item.op == "!="
                let known = isMatch ? UdevRuleLine.matchKeys.contains(item.key) : UdevRuleLine.assignKeys.contains(item.key)
                #expect(known, "line \(rule.number): \(item.key)\(item.op) is not a udev \(isMatch ? "match" : "assignment")")
                if ["ATTR", "ATTRS", "ENV", "IMPORT"].contains(item.key) {
                    #expect(item.attribute?.isEmpty == false, "line \(rule.number): \(item.key) needs {name}")
                }
            }
            // A rule that assigns must also match something, except the bare GOTO/LABEL lines.
            let keys = Set(rule.items.map(\.key))
            if !keys.isSubset(of: ["GOTO", "LABEL"]) {
                #expect(rule.items.contains { $0.op == "==" || $0.op == "!=" }, "line \(rule.number) matches every device")
            }
        }
    }

    @Test func vendorAndProductIdsAreFourLowercaseHexDigits() {
        // sysfs prints idVendor/idProduct as four lowercase hex digits; "0C2E" would never match.
        let hex = Set("0123456789abcdef")
        for rule in rules {
            if let vendor = rule.value("ATTRS", "idVendor") {
                #expect(vendor.count == 4 && vendor.allSatisfy(hex.contains), "line \(rule.number): idVendor \(vendor)")
            }
            if let product = rule.value("ATTRS", "idProduct") {
                #expect(product.count >= 4 && product.allSatisfy { hex.contains($0) || "[]-".contains($0) }, "line \(rule.number): idProduct \(product)")
            }
        }
    }

    @Test func everyTaggedDeviceGetsGroupModeAndSystemdTag() {
        let tagging = rules.filter { $0.value("ENV", "RETURNSTATION_DEVICE", op: "=") != nil }
        #expect(tagging.count >= 10)
        for rule in tagging {
            #expect(["scanner", "rfid"].contains(rule.value("ENV", "RETURNSTATION_DEVICE", op: "=")!))
            #expect(rule.value("GROUP") == "returnsd", "line \(rule.number)")
            #expect(rule.value("MODE") == "0660", "line \(rule.number)")
            #expect(rule.value("TAG", op: "+=") == "systemd", "line \(rule.number)")
            // Tagging only on specific facts: a vendor id, a vendor+product, or a product string.
            #expect(rule.value("ATTRS", "idVendor") != nil || rule.value("ATTRS", "product") != nil, "line \(rule.number)")
        }
    }

    @Test func theIssuesVendorsAreTaggedAndGenericBridgesAreNot() {
        let vendors = Set(rules.filter { $0.value("ATTRS", "idProduct") == nil }.compactMap { $0.value("ATTRS", "idVendor") })
        #expect(vendors.isSuperset(of: ["0c2e", "0536", "05e0", "05f9", "1eab", "065a"]))
        // FTDI, Silicon Labs CP210x, WCH CH340, Prolific: never tagged on the vendor id alone.
        #expect(vendors.isDisjoint(with: ["0403", "10c4", "1a86", "067b"]))
    }

    @Test func jumpsLandOnLabelsAndLinksAreUnderReturnstation() {
        let labels = Set(rules.compactMap { $0.value("LABEL") })
        for rule in rules {
            if let target = rule.value("GOTO") { #expect(labels.contains(target), "line \(rule.number): GOTO \(target)") }
            if let link = rule.value("SYMLINK", op: "+=") {
                #expect(link.hasPrefix("returnstation/$env{RETURNSTATION_DEVICE}-$env{RETURNSTATION_ROLE}-"), "line \(rule.number)")
            }
        }
        // Removal is skipped first, so nothing below runs on a vanished device.
        #expect(rules.first?.value("ACTION") == "remove" && rules.first?.value("GOTO") == "returnstation_end")
    }

    @Test func checkerRejectsMalformedLines() {
        #expect(throws: UdevRuleLine.Failure.self) { _ = try UdevRuleLine.parse(#"ATTRS{idVendor}=="0c2e", GROUP=returnsd"#) }
        #expect(throws: UdevRuleLine.Failure.self) { _ = try UdevRuleLine.parse(#"ATTRS{idVendor "0c2e""#) }
    }
}
