import InfluxSync

/// How `plan`, `drift` and `status` print their documents in one `--format`. A command picks
/// its view once from the flag, at its start (`OutputFormat.view(color:)`), and hands it every
/// document; no command switches on the format again. Each method returns the whole text for
/// standard output.
protocol OutputView: Sendable {
    /// A plan (`plan`).
    func plan(_ plan: Plan) -> String
    /// Each target's plan or errors, and the result of each (`plan --all-targets`).
    func targets(_ results: [AllTargetsPlan.TargetResult]) -> String
    /// A drift report (`drift`).
    func drift(_ report: DriftReport) -> String
    /// The run health of the managed tasks (`status`; the report's findings are not shown).
    func status(_ report: DriftReport) -> String
}

extension OutputFormat {
    /// The view that prints documents in this format; `color` lets text use colour codes (a
    /// terminal without `--no-color` or `NO_COLOR`). JSON and Markdown never use colour.
    func view(color: Bool) -> any OutputView {
        switch self {
        case .text: TextOutputView(color: color)
        case .json: JSONOutputView()
        case .markdown: MarkdownOutputView()
        }
    }
}
