import Foundation

// Figures for docs/BENCHMARKS.md. Build in release: swift build -c release --product returns-bench
print("| measure | figure | conditions |")
print("|---|---|---|")
for result in try StationBenchmarks.inMemory() { print(result.row) }
for result in try await StationBenchmarks.durable() { print(result.row) }
for result in scannerBenchmarks() { print(result.row) }
