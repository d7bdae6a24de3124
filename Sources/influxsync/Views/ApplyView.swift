import InfluxSync

/// How `apply` prints in one `--format` (text or json). `apply` picks its view once from the
/// flag, at its start (`ApplyCommand.ApplyFormat.view(console:color:)`), and hands it each step
/// of the run, whether it applies manifests or a saved plan; no code switches on the format again.
protocol ApplyView: Sendable {
    /// Shows `plan` before it is confirmed and applied (also when it has no changes).
    func willApply(_ plan: Plan)
    /// `plan` has no changes: nothing is sent.
    func nothingToApply(_ plan: Plan)
    /// The saved plan at `path` (whose plan is `plan`) was applied already: the live state
    /// matches its unchanged manifests. Nothing is sent.
    func alreadyApplied(_ plan: Plan, path: String)
    /// What applying `plan` did; a failure also goes to standard error.
    func applied(_ result: ApplyResult, plan: Plan)
    /// True when standard output holds the view's one document, so whatever runs after the
    /// apply (`--run-after`) prints on standard error.
    var keepsStandardOutputClean: Bool { get }
}

extension ApplyCommand.ApplyFormat {
    /// The view that prints `apply` in this format on `console`; `color` lets text use colour
    /// codes.
    func view(console: Console, color: Bool) -> any ApplyView {
        switch self {
        case .text: TextApplyView(console: console, color: color)
        case .json: JSONApplyView(console: console)
        }
    }
}

extension ApplyFailure {
    /// `error: <failure>`, and its `  hint:` line when it has one: how a failed request is
    /// printed on standard error.
    var errorText: String {
        "error: \(description)" + (hint.map { "\n  hint: \(DisplayText.escaped($0))" } ?? "")
    }
}
