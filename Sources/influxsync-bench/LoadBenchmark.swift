// `influxsync-bench load [TASKS] [--rounds R]`: the load alone against its floor, repeated.
// Each round parses the pipeline bench's YAML with libyaml's events (the floor), composes its
// documents (the YAML stage), then loads it (ManifestLoader.load); the figures printed are the
// medians and ranges of the rounds. Figures only, no assertions. Meant for profiling the load
// (`perf record -g`) and for a steadier ratio than the single run of the pipeline bench.
import Foundation
import InfluxSync

/// Runs `rounds` interleaved rounds of floor, YAML stage and load on `taskCount` tasks.
func runLoadBenchmark(taskCount: Int, rounds: Int) {
    let text = benchmarkYAML(taskCount: taskCount, labelCount: 20)
    print("influxsync-bench load: \(taskCount) tasks, \(text.utf8.count / 1024) KiB of YAML, \(rounds) rounds")

    func timed(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUMilliseconds()
        body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000, processCPUMilliseconds() - cpuStart)
    }

    var floor: [Double] = [], yaml: [Double] = [], load: [Double] = [], loadCPU: [Double] = [], ratio: [Double] = []
    for _ in 0..<rounds {
        let f = timed { _ = libyamlEvents(text) }.wall
        let y = timed { _ = ManifestLoader.composeDocuments(text: text, path: "bench.yml") }.wall
        var loaded: ManifestLoader.Result?
        let l = timed { loaded = ManifestLoader.load(text: text, path: "bench.yml") }
        guard loaded?.desired != nil else {
            print(loaded?.diagnostics.prefix(5).map(\.description).joined(separator: "\n") ?? "")
            exit(1)
        }
        loaded = nil
        floor.append(f)
        yaml.append(y)
        load.append(l.wall)
        loadCPU.append(l.cpu)
        ratio.append(l.wall / f)
    }
    func summary(_ values: [Double], _ format: String) -> String {
        let sorted = values.sorted()
        let median = sorted[sorted.count / 2]
        return String(format: "\(format) (\(format)–\(format))", median, sorted.first!, sorted.last!)
    }
    print("libyaml  \(summary(floor, "%.1f")) ms  (the floor)")
    print("yaml     \(summary(yaml, "%.1f")) ms")
    print("load     \(summary(load, "%.1f")) ms   CPU \(summary(loadCPU, "%.1f")) ms")
    print("load / libyaml floor: \(summary(ratio, "%.2f"))×")
}
