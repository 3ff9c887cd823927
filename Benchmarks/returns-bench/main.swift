import Foundation

// Figures for docs/BENCHMARKS.md. Build in release: swift build -c release --product returns-bench
// `returns-bench` prints the station core's figures; `returns-bench archive-year [SCANS] [AFTER_DAYS] [FOLDER]` the
// simulated year of the journal archive.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "archive-year" {
    try await ArchiveYearBenchmark.run(arguments: Array(arguments.dropFirst()))
} else {
    print("| measure | figure | conditions |")
    print("|---|---|---|")
    for result in try StationBenchmarks.inMemory() { print(result.row) }
    for result in try await StationBenchmarks.durable() { print(result.row) }
    for result in scannerBenchmarks() { print(result.row) }
}
