import Foundation

/// One measured figure, printed as a row of docs/BENCHMARKS.md.
struct BenchResult {
    var name: String
    var value: Double
    var unit: String
    var note: String = ""

    var row: String {
        let formatted = value >= 100 ? String(Int(value.rounded())) : String(format: "%.3f", value)
        return "| \(name) | \(formatted) \(unit) | \(note) |"
    }
}

/// Runs `body` `iterations` times and returns the rate per second.
func ratePerSecond(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure { for _ in 0..<iterations { try body() } }
    return Double(iterations) / seconds(elapsed)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
