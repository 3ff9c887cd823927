/// An RMA's units per order line stored as `line:units,line:units`: small, and readable in sqlite3.
enum AuthorisationText {
    static func encode(_ units: [Int: Int]) -> String {
        units.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
    }

    static func decode(_ text: String) -> [Int: Int] {
        var units: [Int: Int] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: ":")
            if parts.count == 2, let line = Int(parts[0]), let n = Int(parts[1]) { units[line] = n }
        }
        return units
    }
}
