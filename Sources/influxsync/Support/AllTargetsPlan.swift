import ArgumentParser
import Foundation
import InfluxSync

/// `plan --all-targets`: plans every target of influxsync.yaml concurrently and reports each
/// (text, JSON or Markdown), with the worst exit status of them.
enum AllTargetsPlan {
    /// One target's result.
    struct TargetResult: Sendable {
        var target: TargetConfig
        /// The plan, nil when planning failed.
        var plan: Plan?
        /// Messages printed while planning (manifest diagnostics, errors).
        var messages: [String]
        var failed: Bool { plan == nil }
    }

    /// Runs and prints; returns the exit status: 1 when any target failed, else 2 when any has
    /// changes and `detailedExitCode`, else 0.
    static func run(
        config: TargetsConfig, connection: ConnectionOptions, manifests: ManifestOptions, planning: PlanningOptions,
        format: OutputFormat, color: Bool, detailedExitCode: Bool, console: Console
    ) async -> Int32 {
        let results = await withTaskGroup(of: (Int, TargetResult).self) { group in
            for (index, target) in config.targets.enumerated() {
                group.addTask {
                    let capture = ConsoleCapture()
                    let quiet = Console(environment: console.environment, errorCapture: capture)
                    do {
                        let settings = try ConnectionSettings.resolve(connection, environment: console.environment, target: target)
                        let outcome = try await Session.with(settings, console: quiet) { session in
                            try await PlanPipeline.run(manifests: manifests, planning: planning, session: session, console: quiet, target: target,
                                                       policies: config.policies(for: target))
                        }
                        return (index, TargetResult(target: target, plan: outcome.plan, messages: capture.lines))
                    } catch let failure as CommandFailure {
                        return (index, TargetResult(target: target, plan: nil, messages: capture.lines + [failure.rendered]))
                    } catch {
                        let extra = capture.lines.isEmpty ? ["error: \(error)"] : []
                        return (index, TargetResult(target: target, plan: nil, messages: capture.lines + extra))
                    }
                }
            }
            var collected: [(Int, TargetResult)] = []
            for await item in group { collected.append(item) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        switch format {
        case .text: console.outputRaw(text(results, color: color))
        case .json: console.outputRaw(json(results))
        case .markdown: console.outputRaw(markdown(results))
        }
        if results.contains(where: \.failed) { return 1 }
        if detailedExitCode && results.contains(where: { !($0.plan?.isEmpty ?? true) }) { return 2 }
        return 0
    }

    private static func status(_ result: TargetResult) -> String {
        guard let plan = result.plan else { return "error" }
        return plan.isEmpty ? "no changes" : "changes"
    }

    static func text(_ results: [TargetResult], color: Bool) -> String {
        var out = ""
        for result in results {
            out += "=== target \(result.target.name) ===\n"
            for message in result.messages { out += message.withTrailingNewline }
            if let plan = result.plan { out += TextPlanRenderer.render(plan, color: color).withTrailingNewline }
            out += "\n"
        }
        out += "Targets: " + results.map { "\($0.target.name): \(status($0))" }.joined(separator: ", ") + ".\n"
        return out
    }

    static func json(_ results: [TargetResult]) -> String {
        func quote(_ s: String) -> String {
            String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
        }
        let items = results.map { result in
            let plan = result.plan.map { JSONPlanRenderer.render($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "null"
            let messages = "[" + result.messages.map(quote).joined(separator: ", ") + "]"
            return "{\"target\": \(quote(result.target.name)), \"status\": \(quote(status(result))), \"messages\": \(messages), \"plan\": \(plan)}"
        }
        return "{\"targets\": [\n" + items.joined(separator: ",\n") + "\n]}\n"
    }

    static func markdown(_ results: [TargetResult]) -> String {
        var out = "# influxsync plan: \(results.count) targets\n\n| target | result |\n|---|---|\n"
        for result in results { out += "| `\(result.target.name)` | \(status(result)) |\n" }
        for result in results {
            out += "\n## Target `\(result.target.name)`\n\n"
            if !result.messages.isEmpty { out += "```\n" + result.messages.joined(separator: "\n") + "\n```\n\n" }
            if let plan = result.plan { out += MarkdownPlanRenderer.render(plan).withTrailingNewline }
        }
        return out
    }
}
