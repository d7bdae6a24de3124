import InfluxSync

/// `--format markdown`: GitHub-flavoured Markdown for a pull-request comment.
struct MarkdownOutputView: OutputView {
    /// `MarkdownPlanRenderer`'s plan.
    func plan(_ plan: Plan) -> String {
        MarkdownPlanRenderer.render(plan)
    }

    /// A table of the targets and their results, then one section per target (its messages in
    /// a code block, its plan).
    func targets(_ results: [AllTargetsPlan.TargetResult]) -> String {
        var out = "# influxsync plan: \(results.count) targets\n\n| target | result |\n|---|---|\n"
        for result in results { out += "| `\(result.target.name)` | \(result.status) |\n" }
        for result in results {
            out += "\n## Target `\(result.target.name)`\n\n"
            if !result.messages.isEmpty { out += "```\n" + result.messages.joined(separator: "\n") + "\n```\n\n" }
            if let plan = result.plan { out += self.plan(plan).withTrailingNewline }
        }
        return out
    }

    /// `MarkdownDriftRenderer`'s report.
    func drift(_ report: DriftReport) -> String {
        MarkdownDriftRenderer.render(report)
    }

    /// `StatusRenderer`'s table.
    func status(_ report: DriftReport) -> String {
        StatusRenderer.markdown(report)
    }
}
