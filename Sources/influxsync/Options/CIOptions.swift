import ArgumentParser

/// How a plan or a drift report is printed on standard output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Human text (the default); colour only on a terminal.
    case text
    /// JSON documented by `schemas/plan.schema.json` / `schemas/drift.schema.json`.
    case json
    /// GitHub-flavoured Markdown for a pull-request comment, capped at 65,536 characters.
    case markdown
}

/// `plan`'s CI options: `--format` and `--out FILE` (a saved plan for `apply FILE`).
struct PlanOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output format: text, json (schemas/plan.schema.json) or markdown (for a pull-request comment).", valueName: "format"))
    var format: OutputFormat = .text

    @Option(
        name: .customLong("out"),
        help: ArgumentHelp(
            "Also save the plan to this file (versioned JSON with a digest of the manifests and a fingerprint of the live state; never the token). `influxsync apply FILE` applies exactly it, and refuses if anything moved since.",
            valueName: "file"))
    var outFile: String?
}
