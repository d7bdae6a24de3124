import ArgumentParser
import Foundation
import InfluxSync

/// How to plan: the owner label and whether to prune.
struct PlanningOptions: ParsableArguments {
    @Option(
        name: .customLong("owner-label"),
        help: ArgumentHelp("Name of the label that marks resources influxsync manages (default: the target's ownerLabel, else influxsync).", valueName: "name"))
    var ownerLabelFlag: String?

    /// The planning flags as given (`--owner-label`, `--prune`, `--allow-empty`,
    /// `--prune-labels-in-use`, `--strict`, `--no-server-checks`, `--allow-conversion`), for a
    /// hint that repeats the command.
    var givenFlags: [String] {
        var flags = ownerLabelFlag.map { ["--owner-label", $0] } ?? []
        if prune { flags.append("--prune") }
        if allowEmpty { flags.append("--allow-empty") }
        if pruneLabelsInUse { flags.append("--prune-labels-in-use") }
        if strict { flags.append("--strict") }
        if noServerChecks { flags.append("--no-server-checks") }
        if allowConversion { flags.append("--allow-conversion") }
        return flags
    }

    /// The selected target's `ownerLabel`; set by `applying(_:)`, never parsed.
    private var targetOwnerLabel: String?

    /// The owner label: `--owner-label`, else the target's `ownerLabel`, else `influxsync`.
    var ownerLabel: String { ownerLabelFlag ?? targetOwnerLabel ?? "influxsync" }

    /// These options with the target's owner label (when `--owner-label` was not given).
    func applying(_ target: TargetConfig?) -> PlanningOptions {
        var copy = self
        copy.targetOwnerLabel = target?.ownerLabel
        return copy
    }

    @Flag(help: "Delete owned tasks and labels that no manifest declares (without it they are only reported as \"would prune\").")
    var prune = false

    @Flag(name: .customLong("allow-empty"), help: "Allow --prune when the manifests declare no Task and no Label at all (it then deletes everything the owner label marks).")
    var allowEmpty = false

    @Flag(
        name: .customLong("prune-labels-in-use"),
        help: "With --prune, also delete owned labels that tasks influxsync does not manage still carry (those tasks lose them); without it such labels are kept.")
    var pruneLabelsInUse = false

    @Flag(
        help:
            "Make the checks against the server errors: a task naming a bucket or secret key the org does not have stops the plan (exit 1) and apply sends nothing. Without it they are warnings."
    )
    var strict = false

    @Flag(name: .customLong("no-server-checks"), help: "Skip the checks against the server (the org's buckets and secret keys): no extra requests.")
    var noServerChecks = false

    @Flag(
        name: .customLong("allow-conversion"),
        help: "Allow converting a task between a Cloud script task and a Flux task; the task is replaced (a new ID). Without it such a plan is refused.")
    var allowConversion = false

    enum CodingKeys: String, CodingKey { case ownerLabelFlag, prune, allowEmpty, pruneLabelsInUse, allowConversion, strict, noServerChecks }
}
