// `influxsync-bench [TASKS]`: how long the pure pipeline takes and how much memory it needs for
// a large repository. Figures only, no assertions (speed is measured, not tested).
//
// Stages measured, each on TASKS tasks with 20 labels:
//   libyaml   — libyaml's own event parse of the same text (the floor)
//   yaml      — the load's YAML stage alone (documents composed, nothing read from them)
//   load      — ManifestLoader.load of one generated YAML file (parse, validate, compose)
//   plan=     — Planner.plan against a live state holding the same tasks as the server
//               stores them after reformatting (every task must come out unchanged)
//   plan~     — Planner.plan when every live task differs (every, body and description)
//   text, json, markdown — the renderings of the plan~ result
import CYaml
import Flux
import Foundation
import InfluxAPI
import InfluxSync

/// Runs the pipeline benchmark on `taskCount` generated tasks and prints its figures.
func runPipelineBenchmark(taskCount: Int) throws {
    let labelCount = 20

    func peakResidentMiB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return "n/a" }
        let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
        return String(format: "%.1f MiB", kb / 1024)
    }

    func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUMilliseconds()
        let result = try body()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        let cpu = processCPUMilliseconds() - cpuStart
        print(
            String(format: "%-8@ %10.1f ms  %8.1f µs/task   CPU %7.1f ms   peak so far %@", name as NSString, ms, ms * 1000 / Double(taskCount), cpu, peakResidentMiB() as NSString)
        )
        return result
    }

    // A repository of `taskCount` tasks spread over `labelCount` labels.
    // Each stage holds what the CLI would hold at that point: the YAML text only while it is
    // loaded, one live state per plan (dropped after it), and the changed plan while rendering.
    var yaml = benchmarkYAML(taskCount: taskCount, labelCount: labelCount)
    print("influxsync-bench: \(taskCount) tasks, \(labelCount) labels, \(yaml.utf8.count / 1024) KiB of YAML")

    // The floor: libyaml alone reading the same bytes, event by event, through the YAML
    // library's C layer (no nodes, no Swift strings): no load can be faster than this.
    let floorStart = DispatchTime.now().uptimeNanoseconds
    let events = libyamlEvents(yaml)
    let floorMs = Double(DispatchTime.now().uptimeNanoseconds - floorStart) / 1_000_000
    print(String(format: "%-8@ %10.1f ms  (%d libyaml events, the floor)", "libyaml" as NSString, floorMs, events))

    // The YAML stage of a load alone (documents composed, nothing read from them).
    let yamlStart = DispatchTime.now().uptimeNanoseconds
    let documents = ManifestLoader.composeDocuments(text: yaml, path: "bench.yml")
    let yamlMs = Double(DispatchTime.now().uptimeNanoseconds - yamlStart) / 1_000_000
    print(String(format: "%-8@ %10.1f ms  (%d documents composed; %.2f× the floor)", "yaml" as NSString, yamlMs, documents, yamlMs / floorMs))

    let text = yaml
    yaml = ""
    let readsBeforeLoad = FluxReadCounter.reads
    let loadStart = DispatchTime.now().uptimeNanoseconds
    let loaded = measure("load") { ManifestLoader.load(text: consume text, path: "bench.yml") }
    let loadMs = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1_000_000
    let loadReads = FluxReadCounter.reads - readsBeforeLoad
    print(String(format: "load / libyaml floor: %.2f×", loadMs / floorMs))
    guard let desired = loaded.desired else {
        print(loaded.diagnostics.prefix(5).map(\.description).joined(separator: "\n"))
        Foundation.exit(1)
    }

    let org = InfluxOrg(id: "00000000000000aa", name: "acme")
    let owner = InfluxLabel(id: "0000000000000001", orgID: org.id, name: "influxsync", properties: Ownership.ownerLabelProperties("influxsync"))
    var labels = [owner]
    for (i, label) in desired.labels.enumerated() {
        labels.append(
            InfluxLabel(
                id: String(format: "%016x", 0x100 + i), orgID: org.id, name: label.name,
                properties: ["color": label.color ?? "", Ownership.ownerProperty: "influxsync"]))
    }
    let labelByName = Dictionary(uniqueKeysWithValues: labels.map { ($0.name, $0) })

    func liveTasks(changed: Bool) -> [InfluxTask] {
        desired.tasks.enumerated().map { i, task in
            // The server's formatter re-spaces scripts (influxdb-api.md §7.4); compare must not care.
            var flux = (try? FluxFormatter.format(task.script)) ?? task.script
            if changed { flux = flux.replacingOccurrences(of: "every: 5m", with: "every: 10m") }
            return InfluxTask(
                id: String(format: "%016x", 0x10000 + i), orgID: org.id, name: task.name,
                description: changed ? "old" : task.description, status: "active", flux: flux,
                labels: [owner] + task.labels.compactMap { labelByName[$0] })
        }
    }
    var planReads = 0
    let unchangedCount = try {
        let same = LiveState(org: org, labels: labels, tasks: liveTasks(changed: false))
        let before = FluxReadCounter.reads
        defer { planReads = FluxReadCounter.reads - before }
        return try measure("plan=") { try Planner.plan(desired: desired, live: same) }.changes.count
    }()
    // Each script read once: at load the query (to compose) and the script we send (one
    // reading for the checks and the plan); in the plan, each live script (the CLI reads those
    // while the pages arrive).
    print(
        "Flux script reads: load \(loadReads) (\(String(format: "%.2f", Double(loadReads) / Double(taskCount))) per task: its query, then the script we send), plan= \(planReads) (\(String(format: "%.2f", Double(planReads) / Double(taskCount))) per live task)"
    )
    let changed = try {
        let differing = LiveState(org: org, labels: labels, tasks: liveTasks(changed: true))
        return try measure("plan~") { try Planner.plan(desired: desired, live: differing) }
    }()
    _ = measure("text") { TextPlanRenderer.render(changed).utf8.count }
    let jsonBytes = measure("json") { JSONPlanRenderer.render(changed).utf8.count }
    _ = measure("markdown") { MarkdownPlanRenderer.render(changed).utf8.count }
    print("json plan: \(jsonBytes / 1024) KiB")
    print("unchanged plan: \(unchangedCount) changes (expected 0); changed plan: \(changed.summary.change) to change")
    print("peak resident memory: \(peakResidentMiB())")
}

/// CPU time of the whole process (all threads), in milliseconds.
func processCPUMilliseconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    let ms = { (t: timeval) in Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
    return ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// The pipeline bench's repository as one YAML text: `labelCount` labels, then `taskCount`
/// tasks spread over them (every task's query differs; each has an `every` and an `offset`).
func benchmarkYAML(taskCount: Int, labelCount: Int) -> String {
    var yaml = ""
    for l in 0..<labelCount {
        yaml += "---\napiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: team-\(l)\nspec:\n  color: \"#00aa\(String(format: "%02x", l))\"\n"
    }
    for t in 0..<taskCount {
        yaml += """
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: downsample-\(t)
            spec:
              every: \(1 + t % 12)h
              offset: \(t % 5)m
              description: Downsample measurement \(t)
              query: |-
                import "influxdata/influxdb/tasks"
                from(bucket: "raw")
                    |> range(start: tasks.lastSuccess(orTime: -1h))
                    |> filter(fn: (r) => r._measurement == "m\(t)" and r.host =~ /web-\\d+/)
                    |> aggregateWindow(every: 5m, fn: mean, createEmpty: false)
                    |> to(bucket: "downsampled", org: "acme")
              associations:
                - kind: Label
                  name: team-\(t % labelCount)

            """
    }
    return yaml
}

/// The events libyaml's parser produces for `text`, read and discarded one by one: the cost of
/// reading the YAML with nothing built from it.
func libyamlEvents(_ text: String) -> Int {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return 0 }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    var events = 0
    bytes.withUnsafeMutableBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            events += 1
            if done { break }
        }
    }
    return events
}
