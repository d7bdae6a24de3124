import InfluxSync

/// `--format json`: one JSON document per command, each an `Encodable` value printed by
/// `encodeJSON` (sorted keys, two-space indentation, trailing newline).
struct JSONOutputView: OutputView {
    /// `JSONPlanRenderer`'s document (schemas/plan.schema.json).
    func plan(_ plan: Plan) -> String {
        JSONPlanRenderer.render(plan)
    }

    /// `{"targets": [{"messages", "plan", "status", "target"}]}` (`TargetsPlanDocument`).
    func targets(_ results: [AllTargetsPlan.TargetResult]) -> String {
        encodeJSON(TargetsPlanDocument(results))
    }

    /// `JSONDriftRenderer`'s document (schemas/drift.schema.json).
    func drift(_ report: DriftReport) -> String {
        JSONDriftRenderer.render(report)
    }

    /// `StatusRenderer`'s document (schemas/status.schema.json).
    func status(_ report: DriftReport) -> String {
        StatusRenderer.json(report)
    }
}
