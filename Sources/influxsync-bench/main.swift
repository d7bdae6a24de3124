// influxsync-bench: figures, never assertions (speed is measured by benchmarks, not tested).
//
//   influxsync-bench [TASKS]                        pure pipeline (load, plan, render), default 3000
//   influxsync-bench load [TASKS] [--rounds R]      the load alone against libyaml, R rounds (5)
//   influxsync-bench e2e --tasks N --latency MS [--parallelism P|auto] [--rate-limit R] [--json]
//                                                   the real CLI against a served sandbox
//
// Build with `swift build -c release` and run the binary from the products directory (`e2e`
// runs the `influxsync` executable that sits next to it).
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "e2e" {
    do {
        let options = try EndToEndBenchmark.Options(parsing: Array(arguments.dropFirst()))
        try await EndToEndBenchmark(options: options).run()
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
} else if arguments.first == "load" {
    let rest = Array(arguments.dropFirst())
    let rounds = rest.firstIndex(of: "--rounds").flatMap { rest.indices.contains($0 + 1) ? Int(rest[$0 + 1]) : nil } ?? 5
    runLoadBenchmark(taskCount: rest.first.flatMap(Int.init) ?? 10000, rounds: rounds)
} else {
    try runPipelineBenchmark(taskCount: arguments.first.flatMap(Int.init) ?? 3000)
}
