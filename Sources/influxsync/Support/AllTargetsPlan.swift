import ArgumentParser
import Foundation
import InfluxSync

/// `plan --all-targets`: plans every target of influxsync.yaml concurrently and reports each
/// (in the command's `OutputView`: text, JSON or Markdown), with the worst exit status of them.
enum AllTargetsPlan {
    /// One target's result.
    struct TargetResult: Sendable {
        var target: TargetConfig
        /// The plan, nil when planning failed.
        var plan: Plan?
        /// Messages printed while planning (manifest diagnostics, errors).
        var messages: [String]
        /// True when planning failed.
        var failed: Bool { plan == nil }
        /// `error` when planning failed, else `no changes` or `changes`.
        var status: String {
            guard let plan else { return "error" }
            return plan.isEmpty ? "no changes" : "changes"
        }
    }

    /// Runs and prints; returns the exit status: 1 when any target failed, else 2 when any has
    /// changes and `detailedExitCode`, else 0.
    static func run(
        config: TargetsConfig, connection: ConnectionOptions, manifests: ManifestOptions, planning: PlanningOptions,
        view: any OutputView, detailedExitCode: Bool, console: Console
    ) async -> Int32 {
        let results = await withTaskGroup(of: (Int, TargetResult).self) { group in
            for (index, target) in config.targets.enumerated() {
                group.addTask {
                    let capture = ConsoleCapture()
                    let quiet = Console(environment: console.environment, errorCapture: capture)
                    if let warning = TargetSelection.sharedOwnershipWarning(config, target: target) { quiet.error(warning) }
                    do {
                        let settings = try ConnectionSettings.resolve(connection, environment: console.environment, target: target)
                        let outcome = try await Session.with(settings, console: quiet) { session in
                            try await CommandPipeline.run(
                                manifests: manifests, planning: planning, session: session, console: quiet, target: target,
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
        console.outputRaw(view.targets(results))
        if results.contains(where: \.failed) { return 1 }
        if detailedExitCode && results.contains(where: { !($0.plan?.isEmpty ?? true) }) { return 2 }
        return 0
    }
}
