import InfluxSync

/// What `plan --all-targets --format json` prints: `{"targets": [{"messages", "plan",
/// "status", "target"}]}`, one entry per target in the file's order. `plan` is the target's
/// plan as `plan --format json` prints it (schemas/plan.schema.json), `null` when planning that
/// target failed; `status` is `no changes`, `changes` or `error`; `messages` are the lines
/// printed while planning it (manifest diagnostics, errors).
struct TargetsPlanDocument: Encodable {
    /// One target's entry.
    struct Target: Encodable {
        let result: AllTargetsPlan.TargetResult
        enum Keys: String, CodingKey { case target, status, messages, plan }

        /// Every key, `plan` as `null` when the target failed.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(result.target.name, forKey: .target)
            try c.encode(result.status, forKey: .status)
            try c.encode(result.messages, forKey: .messages)
            try c.encode(result.plan.map { JSONPlanDocument(plan: $0) }, forKey: .plan)
        }
    }

    /// The targets' entries.
    let targets: [Target]

    /// The document of `results`, in their order.
    init(_ results: [AllTargetsPlan.TargetResult]) {
        targets = results.map(Target.init)
    }
}
