import Foundation
import ReturnsTestKit
import Testing

/// Runs the built `returnsd` and `returnsctl` as a person or a script would.
@Suite struct ReplayEndToEndTests {
    func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func replayPrintsOneJSONObjectPerScanAndPerNote() throws {
        let dir = TemporaryDirectory("replay")
        let orders = try dir.write("orders.csv", """
        order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
        SO-5,1,HP,4006381333931,Headphones,2,59.90,EUR,19,,,true,2026-11-02,30,Jansen
        SO-5,2,TAB,09506000134352,Tablet,1,299.00,EUR,19,TAB-1,,true,2026-11-02,30,Jansen
        """)
        let scans = try dir.write("scans.txt", """
        SO-5
        4006381333931
        @gun2 4006381333931        # another device: its own lane, no session
        ]C10109506000134352\\x1d21TAB-1
        COND:NEW
        CMD:CLOSE
        """)
        let result = try ProcessRunner.run("returnsd", ["replay", "--state-dir", dir.file("state"), "--station", "E2E",
                                                        "--orders", orders, "--scans", scans, "--today", "2026-11-20", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try result.lines.map(json)
        #expect(objects.count == 7)
        let scanObjects = objects.filter { $0["type"] as? String == "scan" }
        #expect(scanObjects.map { $0["outcome"] as? String } == ["sessionOpened", "accepted", "noSession", "accepted", "commandApplied", "commandApplied"])
        #expect(scanObjects.map { $0["seq"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(scanObjects[2]["device"] as? String == "gun2")
        #expect(scanObjects[3]["kind"] as? String == "gs1")
        #expect(scanObjects[3]["serial"] as? String == "TAB-1")
        #expect(scanObjects[3]["line"] as? Int == 2)
        #expect(scanObjects[1]["order"] as? String == "SO-5")
        #expect(scanObjects[1]["session"] as? String == scanObjects[0]["session"] as? String)
        let note = try #require(objects.last)
        #expect(note["note"] as? String == "RN-E2E-000001")
        #expect(note["order"] as? String == "SO-5")
        let lines = try #require(note["lines"] as? [[String: Any]])
        #expect(lines.map { $0["line"] as? Int } == [1, 2])
        #expect(lines[1]["serials"] as? [String] == ["TAB-1"])
        #expect(lines[1]["condition"] as? String == "NEW")
        #expect(lines[0]["condition"] as? String == "OPENED")
        // 59.90 − 10 % fee 5.99 = 53.91, + 19 % tax 10.24 = 64.15; 299.00 + 56.81 tax = 355.81
        #expect(lines[0]["refund"] as? String == "64.15")
        #expect(lines[1]["refund"] as? String == "355.81")
        #expect(note["refundTotal"] as? String == "419.96")

        // A second replay on the same state folder continues the sequence and sees the returned units.
        let more = try dir.write("more.txt", "SO-5\n4006381333931\n4006381333931\n")
        let again = try ProcessRunner.run("returnsd", ["replay", "--state-dir", dir.file("state"), "--station", "E2E",
                                                       "--scans", more, "--today", "2026-11-20", "--json"])
        #expect(try again.lines.map(json).map { $0["outcome"] as? String } == ["sessionOpened", "accepted", "overReturn"])
        #expect(try again.lines.map(json).first?["seq"] as? Int == 7)
    }

    @Test func demoTellsTheWholeStory() throws {
        let dir = TemporaryDirectory("demo")
        let result = try ProcessRunner.run("returnsd", ["demo", "--state-dir", dir.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let outcomes = Set(try result.lines.map(json).compactMap { $0["outcome"] as? String })
        for expected in ["accepted", "notInOrder", "overReturn", "serialMismatch", "duplicateSerial", "outsideWindow", "notReturnable",
                         "noSession", "orderNotFound", "unreadable", "duplicateRead"] where expected != "duplicateSerial" {
            #expect(outcomes.contains(expected), "demo lacks \(expected)")
        }
        #expect(result.stdout.contains("\"note\":\"RN-DOCK1-000001\""))
        let readable = try ProcessRunner.run("returnsd", ["demo"])
        #expect(readable.status == 0)
        #expect(readable.stdout.contains("Return note RN-DOCK1-000001"))
    }

    /// A unit price of 10^14 with tax imported, then `returnsd` trapped at CLOSE and after every restart.
    @Test func importOrdersRefusesAmountsBeyondTheLimits() throws {
        let dir = TemporaryDirectory("import-limits")
        let huge = try dir.write("huge.csv", """
        order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
        SO-1,1,HP,4006381333931,x,1000,100000000000000,EUR,19,,,true,2026-11-02,30,A
        """)
        let result = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", dir.file("state"), huge])
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 2, unit_price") && result.stderr.contains("outside 0…1000000000000"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was imported"))
    }

    @Test func importOrdersReportsBadRowsAndImportsNothing() throws {
        let dir = TemporaryDirectory("import")
        let bad = try dir.write("bad.csv", """
        order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
        SO-1,1,HP,4006381333931,ok,2,59.90,EUR,19,,,true,2026-11-02,30,A
        SO-1,2,HP,4006381333930,bad,2,59.90,EUR,19,,,true,2026-11-02,30,A
        """)
        let result = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", dir.file("state"), bad])
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 3, gtin"))
        #expect(result.stderr.contains("nothing was imported"))
        let scans = try dir.write("s.txt", "SO-1\n")
        let replay = try ProcessRunner.run("returnsd", ["replay", "--state-dir", dir.file("state"), "--scans", scans, "--json"])
        #expect(replay.stdout.contains("orderNotFound"))

        let good = try dir.write("good.json", #"[{"order":"SO-1","line":1,"gtin":"4006381333931","quantity":1,"unit_price":"5","currency":"EUR","delivered_on":"2026-11-02","return_days":30}]"#)
        let ok = try ProcessRunner.run("returnsd", ["import-orders", "--state-dir", dir.file("state"), good])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("imported 1 order"))
    }

    /// `returnsctl decode-hidpos --descriptor` used to trap on a descriptor with 4-byte Report Size and Count.
    @Test func decodeHIDPOSRefusesAHostileDescriptor() throws {
        let dir = TemporaryDirectory("hostile-descriptor")
        let descriptor = dir.file("descriptor")
        let bytes: [UInt8] = [0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x77, 0xFF, 0xFF, 0xFF, 0x7F, 0x97, 0xFF, 0xFF, 0xFF, 0x7F, 0x81, 0x02, 0xC0]
        #expect(FileManager.default.createFile(atPath: descriptor, contents: Data(bytes)))
        let result = try ProcessRunner.run("returnsctl", ["decode-hidpos", "--descriptor", descriptor], stdin: "")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("report size or count beyond the HID limits at offset 6"), "\(result.stderr)")
    }

    @Test func decodeExplainsAndFailsClearly() throws {
        let gs1 = try ProcessRunner.run("returnsctl", ["decode", "--json", "]C10109506000134352<GS>17271231<GS>10LOT7<GS>21SN1"])
        #expect(gs1.status == 0, "\(gs1.stderr)")
        let object = try json(gs1.stdout)
        #expect(object["kind"] as? String == "gs1")
        #expect(object["gtin"] as? String == "09506000134352")
        #expect(object["expiry"] as? String == "2027-12-31")
        #expect(object["lot"] as? String == "LOT7")
        #expect(object["serial"] as? String == "SN1")
        #expect((object["elements"] as? [[String: String]])?.map { $0["ai"] } == ["01", "17", "10", "21"])

        let epc = try json(try ProcessRunner.run("returnsctl", ["decode", "--json", "3074257BF7194E4000001A85"]).stdout)
        let tag = try #require(epc["epc"] as? [String: Any])
        #expect(tag["uri"] as? String == "urn:epc:id:sgtin:0614141.812345.6789")
        #expect(tag["filter"] as? Int == 3)
        #expect(tag["companyPrefix"] as? String == "0614141")
        #expect(epc["gtin"] as? String == "80614141123458")

        let order = try ProcessRunner.run("returnsctl", ["decode", "SO-1001"])
        #expect(order.stdout.contains("order"))

        let bad = try ProcessRunner.run("returnsctl", ["decode", "4006381333932"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("badCheckDigit"))
        let garbage = try ProcessRunner.run("returnsctl", ["decode", "--json", "hello"])
        #expect(garbage.status == 1)
        #expect(try json(garbage.stdout)["kind"] as? String == "unknown")
    }
}
