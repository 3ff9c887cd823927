import Foundation

/// A throwaway filesystem root holding the project's units, for `systemd-analyze --root`.
///
/// `verify` checks that every `ExecStart=` binary exists and is executable, and that the dependencies
/// (sysinit.target, sockets.target…) resolve. The real binaries are not installed on a build machine, so the
/// root gets the host's own unit tree, the host's `kill` (ExecReload), and an empty executable script at each
/// `/usr/local/bin` path the units name. The unit files themselves are copied byte for byte: nothing that is
/// verified differs from what an administrator installs.
struct UnitRoot {
    static let units = ["returnsd.socket", "returnsd.service", "returns-ledger.service"]
    let path: String

    static func make(replacing replacements: [String: String] = [:]) throws -> UnitRoot {
        let root = try TestSockets.temporaryDirectory()
        let files = FileManager.default
        for folder in ["etc/systemd/system", "usr/lib/systemd", "usr/bin", "usr/local/bin"] {
            try files.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try files.createSymbolicLink(atPath: root + "/bin", withDestinationPath: "usr/bin")
        try files.copyItem(atPath: "/usr/lib/systemd/system", toPath: root + "/usr/lib/systemd/system")
        try files.copyItem(atPath: "/usr/bin/kill", toPath: root + "/usr/bin/kill")
        for unit in units {
            var text = try RepositoryFiles.text("systemd/" + unit)
            for (old, new) in replacements where unit == "returnsd.service" {
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(toFile: root + "/etc/systemd/system/" + unit, atomically: true, encoding: .utf8)
            for binary in executables(in: text) {
                let stub = root + binary
                try "#!/bin/sh\n".write(toFile: stub, atomically: true, encoding: .utf8)
                try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub)
            }
        }
        return UnitRoot(path: root)
    }

    /// The `/usr/local/bin/…` programs a unit's Exec lines run.
    static func executables(in unit: String) -> [String] {
        unit.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("Exec"), let equals = line.firstIndex(of: "=") else { return nil }
            let program = line[line.index(after: equals)...].split(separator: " ").first.map(String.init) ?? ""
            return program.hasPrefix("/usr/local/bin/") ? program : nil
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
