import InfluxAPI

/// Renders what `apply --format json` prints, documented by `schemas/apply.schema.json`
/// (JSON Schema draft 2020-12): one document for the whole run, so CI can tell which changes
/// were done, failed or not attempted without parsing text.
///
/// Top level: `formatVersion` (1), `result` (`applied`, `failed`, `interrupted` — SIGINT or
/// SIGTERM stopped it after the request in flight — or `no changes`), `summary`
/// (`done`, `partiallyDone`, `failed`, `notAttempted`: counts of changes that had requests),
/// `outcomes` (one per change with requests, in plan order: `action`, `resource` {`kind`,
/// `name`, `id`, `location`}, `outcome` `done|partially done|failed|not attempted`), `failure`
/// (the first failed request: `resource`, `method`, `path`, `status`, `code`, `message`; `null`
/// when none failed) and `plan` (the plan that was applied, as `plan --format json` prints it).
/// Every key is always present; absent values are `null`. Keys sorted, two-space indentation,
/// trailing newline.
public enum JSONApplyRenderer {
    /// The document for `plan` and what applying it did; `result` nil when the plan had no
    /// changes (nothing was sent).
    public static func render(plan: Plan, result: ApplyResult?) -> String {
        encodeJSON(Document(plan: plan, result: result))
    }

    struct Document: Encodable {
        let plan: Plan
        let result: ApplyResult?
        enum Keys: String, CodingKey { case formatVersion, result, summary, outcomes, failure, plan }
        enum SummaryKeys: String, CodingKey { case done, partiallyDone, failed, notAttempted }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(1, forKey: .formatVersion)
            let outcomes = result?.outcomes ?? []
            let word: String
            if let result, !outcomes.isEmpty {
                word = result.failure != nil ? "failed" : result.interrupted ? "interrupted" : "applied"
            } else {
                word = "no changes"
            }
            try c.encode(word, forKey: .result)
            var s = c.nestedContainer(keyedBy: SummaryKeys.self, forKey: .summary)
            try s.encode(outcomes.filter { $0.outcome == .done }.count, forKey: .done)
            try s.encode(outcomes.filter { $0.outcome == .partial }.count, forKey: .partiallyDone)
            try s.encode(outcomes.filter { $0.outcome == .failed }.count, forKey: .failed)
            try s.encode(outcomes.filter { $0.outcome == .notAttempted }.count, forKey: .notAttempted)
            try c.encode(outcomes.map { Outcome(change: $0.change, outcome: $0.outcome) }, forKey: .outcomes)
            if let failure = result?.failure {
                try c.encode(Failure(failure: failure), forKey: .failure)
            } else {
                try c.encodeNil(forKey: .failure)
            }
            try c.encode(JSONPlanDocument(plan: plan), forKey: .plan)
        }
    }

    struct Outcome: Encodable {
        let change: ResourceChange
        let outcome: ApplyResult.Outcome
        enum Keys: String, CodingKey { case action, resource, outcome }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(change.action.rawValue, forKey: .action)
            try c.encode(JSONResource(change.resource), forKey: .resource)
            try c.encode(outcome.rawValue, forKey: .outcome)
        }
    }

    struct Failure: Encodable {
        let failure: ApplyFailure
        enum Keys: String, CodingKey { case resource, method, path, status, code, message }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(JSONResource(failure.resource), forKey: .resource)
            try c.encode(failure.operation.method, forKey: .method)
            try c.encode(failure.path, forKey: .path)
            try c.encode(failure.status, forKey: .status)
            try c.encode(failure.code, forKey: .code)
            try c.encode(failure.reason, forKey: .message)
        }
    }
}
