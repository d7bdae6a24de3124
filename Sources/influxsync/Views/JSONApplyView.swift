import InfluxSync

/// `apply --format json`: standard output gets one document, `JSONApplyRenderer`'s (the plan,
/// each change's outcome, the first failure; schemas/apply.schema.json), and nothing else; the
/// failure is still also printed on standard error.
struct JSONApplyView: ApplyView {
    /// Where the document and the failure are printed.
    let console: Console

    /// Prints nothing: the plan is part of the document printed at the end.
    func willApply(_ plan: Plan) {}

    /// The document with no outcomes (`result` `no changes`).
    func nothingToApply(_ plan: Plan) {
        console.outputRaw(JSONApplyRenderer.render(plan: plan, result: nil))
    }

    /// The document of an empty plan of the same org and owner label (`result` `no changes`).
    func alreadyApplied(_ plan: Plan, path: String) {
        nothingToApply(Plan(orgID: plan.orgID, ownerLabel: plan.ownerLabel))
    }

    /// The document; the failure also on standard error.
    func applied(_ result: ApplyResult, plan: Plan) {
        console.outputRaw(JSONApplyRenderer.render(plan: plan, result: result))
        if let failure = result.failure { console.error(failure.errorText) }
    }

    /// Always: standard output holds the document.
    var keepsStandardOutputClean: Bool { true }
}
