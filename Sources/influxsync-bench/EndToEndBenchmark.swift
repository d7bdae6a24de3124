import AsyncHTTPClient
import Foundation
import InfluxSandbox
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// `influxsync-bench e2e --tasks N --latency MS [--parallelism P|auto] [--rate-limit R] [--no-server-checks] [--json]`: the real
/// `influxsync` binary (the one next to this benchmark) against a sandbox served in this process
/// on a loopback port, with `MS` milliseconds added to every API request through the sandbox's
/// fault API (`POST /sandbox/faults {"path":"*","latencyMs":MS,"count":0}`).
///
/// Stages, run in this order on one sandbox:
/// 1. `apply` creating N tasks (the owner label, N creates, N owner-label attaches);
/// 2. `plan` with no change;
/// 3. `plan` with every tenth task changed (`every`);
/// 4. `apply` of those changes (one PATCH each).
///
/// For each: the requests the sandbox served, the minimum a client needs, the ideal time
/// (reads and the apply lock's two requests one after the other — pagination is sequential —
/// and writes `P` at a time: `(reads + lock) × MS + writes × MS ÷ P`; for `auto`, P is 64, the
/// most it ever sends at once; under a rate limit, never less than `requests ÷ R`), the wall
/// time of the process, its ratio to the ideal, its CPU time (user + system) and its peak
/// resident memory; then the requests answered 429, and the achieved rate: the requests served
/// (not 429) per second of wall time, and its fraction of the limit.
///
/// `--rate-limit R` limits the sandbox to R requests per second per token
/// (`SandboxConfiguration.rateLimit`: 429 with `Retry-After` past it).
struct EndToEndBenchmark {
    /// Command-line options of `e2e`.
    struct Options {
        var tasks = 1000
        var latencyMs = 20
        /// The fixed parallelism, or nil for `auto`.
        var parallelism: Int? = 8
        /// Requests per second per token the sandbox allows; nil for no limit.
        var rateLimit: Int?
        var json = false
        /// False with `--no-server-checks`: the CLI skips its bucket and secret reads.
        var serverChecks = true

        /// `8` or `auto`.
        var parallelismText: String { parallelism.map(String.init) ?? "auto" }

        /// Parses `--tasks N --latency MS [--parallelism P|auto] [--rate-limit R] [--no-server-checks] [--json]`.
        /// - Throws: `UsageError` for an unknown option or a value that is not a positive number.
        init(parsing arguments: [String]) throws {
            var rest = arguments[...]
            while let option = rest.popFirst() {
                if option == "--json" { json = true; continue }
                if option == "--no-server-checks" { serverChecks = false; continue }
                if option == "--parallelism", rest.first == "auto" {
                    rest.removeFirst()
                    parallelism = nil
                    continue
                }
                guard ["--tasks", "--latency", "--parallelism", "--rate-limit"].contains(option) else {
                    throw UsageError(
                        "unknown option \(option); usage: influxsync-bench e2e --tasks N --latency MS [--parallelism P|auto] [--rate-limit R] [--no-server-checks] [--json]")
                }
                guard let raw = rest.popFirst(), let value = Int(raw), value >= (option == "--latency" ? 0 : 1) else {
                    throw UsageError("\(option) expects a positive whole number")
                }
                switch option {
                case "--tasks": tasks = value
                case "--latency": latencyMs = value
                case "--rate-limit": rateLimit = value
                default: parallelism = value
                }
            }
        }
    }

    /// A usage mistake, printed as `error: …`.
    struct UsageError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The figures of one stage.
    struct Stage: Encodable {
        var stage: String
        var requests: Int
        var minimumRequests: Int
        var idealSeconds: Double
        var wallSeconds: Double
        var ratio: Double
        var cpuSeconds: Double
        var peakRSSMiB: Double
        /// Requests the sandbox refused with 429 (past its rate limit).
        var throttled: Int
        /// Requests served (not 429) per second of wall time.
        var achievedRate: Double
        /// `achievedRate` as a fraction of the rate limit; nil without one.
        var fractionOfLimit: Double?
        /// Where the wall time went, in seconds, from the sandbox's request log.
        var phases: Phases
    }

    /// A stage's wall time cut at its requests (`receivedMs`/`answeredMs` of the sandbox's log,
    /// on the same monotonic clock as the process's start and exit): from the process's start
    /// to its first request; from there to the answer of the last read (`GET`); from that
    /// answer to the next write (planning, confirming); from that write to the last answer;
    /// from the last answer to the process's exit.
    struct Phases: Encodable {
        var startup: Double
        var reads: Double
        var beforeWrites: Double
        var writes: Double
        var exit: Double
        /// Of the writes, in milliseconds: the median time the sandbox held one (received to
        /// answered, the added latency included), and the median time from an answer to the
        /// next write's arrival (the client's turnaround and both ends' wake-ups). Nil without
        /// writes.
        var writeServerMs: Double? = nil
        var writeTurnaroundMs: Double? = nil
    }

    /// What one run of the CLI took.
    struct ProcessFigures {
        var exitCode: Int32
        /// Start and exit on the monotonic clock, in milliseconds.
        var startedMs: Double = 0
        var endedMs: Double = 0
        var wallSeconds: Double
        var cpuSeconds: Double
        var peakRSSMiB: Double
    }

    static let token = "bench-token-7c1e"
    static let org = "acme"

    let options: Options

    /// Runs the four stages and prints the table (or JSON).
    func run() async throws {
        let n = options.tasks
        var configuration = SandboxConfiguration(
            host: "127.0.0.1", port: 0, dataFile: nil, orgName: Self.org, token: Self.token, userName: "bench", scheduler: false)
        configuration.rateLimit = options.rateLimit.map { SandboxRateLimit(requestsPerSecond: Double($0)) }
        // The bucket every generated task reads, so the checks before apply find it.
        configuration.buckets.append("raw")
        let sandbox = try await Sandbox.start(configuration)
        let control = HTTPClient(eventLoopGroupProvider: .singleton)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("influxsync-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var stages: [Stage] = []
        do {
            let base = "http://127.0.0.1:\(sandbox.port)"
            try await send(control, "POST", base + "/sandbox/faults", json: #"{"path":"*","latencyMs":\#(options.latencyMs),"count":0}"#, expect: 201)
            let manifest = directory.appendingPathComponent("tasks.yml").path
            let changedCount = (n + 9) / 10
            let reads = { (live: Int) in 3 + live / 500 }
            // An apply takes the apply lock: its lease label is created first and deleted last.
            let lock = 2

            try Self.manifests(tasks: n, changed: false).write(toFile: manifest, atomically: true, encoding: .utf8)
            stages.append(
                try await stage(
                    "apply, create \(n)", ["apply", manifest, "--auto-approve"],
                    reads: reads(0) + lock, writes: 1 + 2 * n, control: control, base: base))
            stages.append(try await stage("plan, no change", ["plan", manifest], reads: reads(n), writes: 0, control: control, base: base))
            try Self.manifests(tasks: n, changed: true).write(toFile: manifest, atomically: true, encoding: .utf8)
            stages.append(try await stage("plan, \(changedCount) changed", ["plan", manifest], reads: reads(n), writes: 0, control: control, base: base))
            stages.append(
                try await stage(
                    "apply, \(changedCount) changed", ["apply", manifest, "--auto-approve"],
                    reads: reads(n) + lock, writes: changedCount, control: control, base: base))
        } catch {
            try? await control.shutdown()
            await sandbox.stop()
            throw error
        }
        try await control.shutdown()
        await sandbox.stop()
        print(options.json ? try json(stages) : table(stages))
    }

    /// Runs one CLI invocation and collects its figures.
    private func stage(_ name: String, _ arguments: [String], reads: Int, writes: Int, control: HTTPClient, base: String) async throws -> Stage {
        // The checks before apply add 3 reads, made beside those of the live state (so the
        // ideal time is the same): two pages of buckets (the last one empty) and the secret keys.
        let checkReads = options.serverChecks ? 3 : 0
        try await send(control, "DELETE", base + "/sandbox/requests", expect: 204)
        let figures = try await Self.runCLI(
            arguments + ["--host", base, "--token", Self.token, "--org", Self.org]
                + (options.serverChecks ? [] : ["--no-server-checks"]),
            parallelism: options.parallelismText)
        guard figures.exitCode == 0 else { throw UsageError("influxsync \(arguments[0]) exited with status \(figures.exitCode) in stage \"\(name)\"") }
        let log = try await requestLog(control, base: base)
        let (served, throttled) = (log.count, log.filter { $0.status == 429 }.count)
        let latency = Double(options.latencyMs) / 1000
        var ideal = Double(reads) * latency + Double(writes) * latency / Double(options.parallelism ?? 64)
        if let limit = options.rateLimit { ideal = max(ideal, Double(reads + writes) / Double(limit)) }
        let achieved = figures.wallSeconds > 0 ? Double(served - throttled) / figures.wallSeconds : 0
        return Stage(
            stage: name, requests: served, minimumRequests: reads + checkReads + writes, idealSeconds: ideal,
            wallSeconds: figures.wallSeconds, ratio: ideal > 0 ? figures.wallSeconds / ideal : 0,
            cpuSeconds: figures.cpuSeconds, peakRSSMiB: figures.peakRSSMiB, throttled: throttled,
            achievedRate: achieved, fractionOfLimit: options.rateLimit.map { achieved / Double($0) },
            phases: Self.phases(log, figures))
    }

    /// One request of the sandbox's log.
    struct LogEntry: Decodable {
        var method: String
        var path: String
        var status: Int
        var receivedMs: Double
        var answeredMs: Double
    }

    /// The API requests the sandbox logged, in arrival order.
    private func requestLog(_ client: HTTPClient, base: String) async throws -> [LogEntry] {
        struct Log: Decodable { var requests: [LogEntry] }
        let body = try await send(client, "GET", base + "/sandbox/requests", expect: 200)
        return try JSONDecoder().decode(Log.self, from: body).requests.filter { !$0.path.hasPrefix("/sandbox") }
    }

    /// Cuts the process's wall time at its requests (see `Phases`).
    static func phases(_ log: [LogEntry], _ figures: ProcessFigures) -> Phases {
        guard let first = log.first else {
            return Phases(startup: figures.wallSeconds, reads: 0, beforeWrites: 0, writes: 0, exit: 0)
        }
        let lastAnswer = log.map(\.answeredMs).max() ?? first.answeredMs
        let lastRead = log.lastIndex { $0.method == "GET" }
        let readsEnd = lastRead.map { log[$0].answeredMs } ?? first.receivedMs
        let firstWrite = log[(lastRead.map { $0 + 1 } ?? 0)...].first { $0.method != "GET" }
        let writesStart = firstWrite?.receivedMs ?? lastAnswer
        let writes = log.filter { $0.method != "GET" }
        func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
        let arrivals = writes.map(\.receivedMs).sorted()
        let turnarounds = writes.compactMap { write -> Double? in
            // The first arrival at or after this answer (binary search: 20,000 writes).
            var low = 0, high = arrivals.count
            while low < high {
                let middle = (low + high) / 2
                if arrivals[middle] < write.answeredMs { low = middle + 1 } else { high = middle }
            }
            return low < arrivals.count ? arrivals[low] - write.answeredMs : nil
        }
        return Phases(
            startup: (first.receivedMs - figures.startedMs) / 1000, reads: (readsEnd - first.receivedMs) / 1000,
            beforeWrites: firstWrite == nil ? 0 : (writesStart - readsEnd) / 1000,
            writes: firstWrite == nil ? 0 : (lastAnswer - writesStart) / 1000,
            exit: (figures.endedMs - max(lastAnswer, readsEnd)) / 1000,
            writeServerMs: median(writes.map { $0.answeredMs - $0.receivedMs }), writeTurnaroundMs: median(turnarounds))
    }

    @discardableResult
    private func send(_ client: HTTPClient, _ method: String, _ url: String, json: String? = nil, expect: Int) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(120))
        let body = Data(try await response.body.collect(upTo: 1 << 30).readableBytesView)
        guard Int(response.status.code) == expect else {
            throw UsageError("\(method) \(url): status \(response.status.code): \(String(decoding: body.prefix(300), as: UTF8.self))")
        }
        return body
    }

    /// `tasks` tasks in one multi-document YAML file; with `changed`, every tenth task has
    /// another `every`.
    static func manifests(tasks: Int, changed: Bool) -> String {
        var yaml = ""
        for t in 0..<tasks {
            let every = changed && t % 10 == 0 ? "\(13 + t % 12)h" : "\(1 + t % 12)h"
            yaml += """
                ---
                apiVersion: influxdata.com/v2alpha1
                kind: Task
                metadata:
                  name: downsample-\(t)
                spec:
                  every: \(every)
                  description: Downsample measurement \(t)
                  query: |-
                    from(bucket: "raw")
                        |> range(start: -task.every)
                        |> filter(fn: (r) => r._measurement == "m\(t)")
                        |> aggregateWindow(every: 5m, fn: mean, createEmpty: false)
                        |> to(bucket: "downsampled", org: "acme")

                """
        }
        return yaml
    }

    /// Runs the `influxsync` next to this executable with `arguments` and
    /// `INFLUXSYNC_PARALLELISM=parallelism` (the environment, not the flag, so an older build
    /// without `--parallelism` can be measured the same way), output discarded, and measures it
    /// (`wait4`'s resource usage, on a thread of its own so the sandbox keeps serving).
    static func runCLI(_ arguments: [String], parallelism: String) async throws -> ProcessFigures {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("influxsync").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw UsageError("\(executable) not found; build it first: swift build -c release")
        }
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try spawnAndWait(executable, arguments, parallelism: parallelism) })
            }
            thread.start()
        }
    }

    private static func spawnAndWait(_ executable: String, _ arguments: [String], parallelism: String) throws -> ProcessFigures {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let environment: [String] = ["NO_COLOR=1", "PATH=/usr/bin:/bin", "INFLUXSYNC_PARALLELISM=\(parallelism)"]
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        let started = ContinuousClock.now
        let startedMs = Double(DispatchTime.now().uptimeNanoseconds) / 1e6
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw UsageError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - started
        let endedMs = Double(DispatchTime.now().uptimeNanoseconds) / 1e6
        let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return ProcessFigures(
            exitCode: status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            startedMs: startedMs, endedMs: endedMs,
            wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
            peakRSSMiB: Double(usage.ru_maxrss) / 1024)
    }

    private func table(_ stages: [Stage]) -> String {
        let limit = options.rateLimit.map { ", rate limit \($0) requests/s per token" } ?? ""
        var lines = ["influxsync-bench e2e: \(options.tasks) tasks, \(options.latencyMs) ms per request, parallelism \(options.parallelismText)\(limit)", ""]
        lines.append("| stage | requests | minimum | ideal s | wall s | ratio | CPU s | peak MiB | 429s | req/s | of limit |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for s in stages {
            let fraction = s.fractionOfLimit.map { String(format: "%.0f %%", $0 * 100) } ?? "–"
            lines.append(
                String(
                    format: "| %@ | %d | %d | %.2f | %.2f | %.2f | %.2f | %.1f | %d | %.0f | %@ |",
                    s.stage as NSString, s.requests, s.minimumRequests, s.idealSeconds, s.wallSeconds, s.ratio, s.cpuSeconds,
                    s.peakRSSMiB, s.throttled, s.achievedRate, fraction as NSString))
        }
        lines += [
            "", "Where the wall time went (seconds; from the sandbox's request log):", "",
            "| stage | start → 1st request | reads | → 1st write | writes | last answer → exit | write held ms | write turnaround ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in stages {
            let p = s.phases
            let ms = { (value: Double?) in value.map { String(format: "%.2f", $0) } ?? "–" }
            lines.append(
                String(
                    format: "| %@ | %.2f | %.2f | %.2f | %.2f | %.2f | %@ | %@ |", s.stage as NSString, p.startup, p.reads, p.beforeWrites, p.writes, p.exit,
                    ms(p.writeServerMs) as NSString, ms(p.writeTurnaroundMs) as NSString))
        }
        return lines.joined(separator: "\n")
    }

    private func json(_ stages: [Stage]) throws -> String {
        struct Document: Encodable { var tasks: Int; var latencyMs: Int; var parallelism: String; var rateLimit: Int?; var stages: [Stage] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(
            Document(tasks: options.tasks, latencyMs: options.latencyMs, parallelism: options.parallelismText, rateLimit: options.rateLimit, stages: stages))
        return String(decoding: data, as: UTF8.self)
    }
}
