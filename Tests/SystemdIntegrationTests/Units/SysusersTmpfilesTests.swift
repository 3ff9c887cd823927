import Foundation
import Testing

private let toolsAvailable = TestProcess.exists("/usr/bin/systemd-sysusers") && TestProcess.exists("/usr/bin/systemd-tmpfiles")

/// The sysusers.d and tmpfiles.d snippets, applied by systemd's own tools to a throwaway root.
@Suite(.enabled(if: toolsAvailable, "needs systemd-sysusers and systemd-tmpfiles"))
struct SysusersTmpfilesTests {
    @Test func usersGroupsAndDirectoriesComeOutAsDocumented() throws {
        let root = try TestSockets.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)

        let sysusers = try TestProcess.run("/usr/bin/systemd-sysusers",
                                           ["--root=" + root, RepositoryFiles.path("systemd/sysusers.d/returnsd.conf")])
        #expect(sysusers.status == 0, "\(sysusers.stderr)")
        let passwd = try entries(root + "/etc/passwd")
        let group = try entries(root + "/etc/group")
        let user = try #require(passwd["returnsd"])
        #expect(user[4] == "ReturnStation daemon" && user[5] == "/var/lib/returnsd")
        #expect(group["returnsd-read"] != nil && group["returnsd-supervise"] != nil)
        #expect(group["input"]?[3] == "returnsd")
        #expect(group["dialout"]?[3] == "returnsd")

        let tmpfiles = try TestProcess.run("/usr/bin/systemd-tmpfiles",
                                           ["--root=" + root, "--create", RepositoryFiles.path("systemd/tmpfiles.d/returnsd.conf")])
        #expect(tmpfiles.status == 0, "\(tmpfiles.stderr)")
        let uid = try #require(UInt32(user[2])), gid = try #require(UInt32(user[3]))
        #expect(try owner(root + "/etc/returnsd") == (0o750, 0, gid))
        #expect(try owner(root + "/var/lib/returnsd") == (0o750, uid, gid))
    }

    /// name → colon-separated fields of /etc/passwd or /etc/group.
    private func entries(_ path: String) throws -> [String: [String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            result[fields[0]] = fields
        }
        return result
    }

    private func owner(_ path: String) throws -> (Int, UInt32, UInt32) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes[.posixPermissions] as? Int) ?? -1
        let uid = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value ?? .max
        let gid = (attributes[.groupOwnerAccountID] as? NSNumber)?.uint32Value ?? .max
        return (mode, uid, gid)
    }
}
