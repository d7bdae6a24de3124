import InfluxSync

/// `--format text`: the documents as people read them, coloured when `color`.
struct TextOutputView: OutputView {
    /// Whether the text may hold colour codes.
    let color: Bool

    /// `TextPlanRenderer`'s plan, ending with a newline.
    func plan(_ plan: Plan) -> String {
        TextPlanRenderer.render(plan, color: color).withTrailingNewline
    }

    /// One section per target (`=== target NAME ===`, its messages, its plan), then a line
    /// `Targets: NAME: result, ….`
    func targets(_ results: [AllTargetsPlan.TargetResult]) -> String {
        var out = ""
        for result in results {
            out += "=== target \(result.target.name) ===\n"
            for message in result.messages { out += message.withTrailingNewline }
            if let plan = result.plan { out += self.plan(plan) }
            out += "\n"
        }
        out += "Targets: " + results.map { "\($0.target.name): \($0.status)" }.joined(separator: ", ") + ".\n"
        return out
    }

    /// `TextDriftRenderer`'s report (never coloured).
    func drift(_ report: DriftReport) -> String {
        TextDriftRenderer.render(report)
    }

    /// `StatusRenderer`'s table; `color` paints the run strip.
    func status(_ report: DriftReport) -> String {
        StatusRenderer.text(report, color: color)
    }
}
