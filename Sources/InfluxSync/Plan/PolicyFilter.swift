import Flux
import InfluxAPI

/// Applies the `policies` of `influxsync.yaml` to a plan the planner made (design.md
/// "Policies"). Pure: the policies, the manifests and the live state are plain input values.
///
/// - **protect**: a change that deletes a resource a protect rule selects (a conversion's
///   replacement included; a prune, an owned
///   duplicate, a task renamed without `previousNames`, a label prune) makes the plan fail,
///   naming the rule's `file:line` and the resource. A would-prune change of such a resource
///   (no `--prune`) names the rule in `protectedBy`.
/// - **ignore**: for an update or adoption of a selected resource, each ignored field's
///   difference leaves the change's fields and requests and is listed in `Plan.ignored`:
///   `status` (the PATCH sends the live status), `description` (not sent), `schedule`
///   (`every`/`cron`/`offset`: a script change is sent with the live schedule written into its
///   `option task` record, §7.3 A5), `labels` (no association is added or removed; the owner
///   label is still attached; an owned label such a task carries is not deleted or pruned
///   either, and is listed as ignored with the field `deletion`), and for labels
///   `color`/`description` (properties not sent). A
///   change left without requests disappears, so a task whose only differences are ignored is
///   unchanged. Creates and deletes are never affected by `ignore`, but for the deletion of a
///   label that an ignored task still carries.
public enum PolicyFilter {
    /// `plan` with `policies` applied.
    /// - Throws: `PlanError` naming every protected resource the plan deletes.
    public static func apply(_ policies: Policies, to plan: Plan, desired: DesiredState, live: LiveState) throws(PlanError) -> Plan {
        let problems = protectionProblems(policies.protect, plan: plan, live: live)
        guard problems.isEmpty else { throw PlanError(problems: problems) }
        var plan = plan
        if !policies.protect.isEmpty {
            let tasks = liveTasks(live)
            for index in plan.changes.indices where plan.changes[index].action == .wouldPrune {
                plan.changes[index].protectedBy = rule(policies.protect, protecting: plan.changes[index], tasks: tasks)?.location
            }
        }
        guard !policies.ignore.isEmpty else { return plan }
        var context = Context(plan: plan, desired: desired, live: live)
        var out = plan
        out.changes = []
        var ignored: [IgnoredResource] = []
        // Labels that tasks whose labels are ignored still carry: deleting one would take it off
        // them, which the rule forbids as much as removing the association.
        var held: [String: (rule: String, tasks: [String])] = [:]
        for change in plan.changes {
            let (kept, differences) = context.filter(change, rules: policies.ignore)
            if !differences.isEmpty { ignored.append(IgnoredResource(resource: change.resource, fields: differences)) }
            if let labels = differences.first(where: { $0.field == "labels" }), let id = change.resource.id, let task = context.liveTasks[id] {
                for label in task.labels where label.id != context.ownerLabelID {
                    held[label.id, default: (labels.rule, [])].tasks.append(task.name)
                }
            }
            if let kept { out.changes.append(kept) }
        }
        out.changes.removeAll { change in
            guard change.resource.kind == .label, [.delete, .wouldPrune].contains(change.action), let id = change.resource.id, let hold = held[id] else {
                return false
            }
            let carriers = hold.tasks.map { DisplayText.quoted($0) }.joined(separator: ", ")
            ignored.append(
                IgnoredResource(
                    resource: change.resource,
                    fields: [IgnoredDifference(field: "deletion", live: "on task \(carriers), whose labels are ignored", manifest: "declared by no manifest", rule: hold.rule)]))
            return true
        }
        out.ignored = ignored.isEmpty ? nil : ignored
        return out
    }

    /// One sentence (and a hint line) for each change of `plan` that deletes a resource one of
    /// `rules` selects: `influxsync.yaml:9: protect rule (tasks: billing-*) forbids deleting
    /// task "billing" (0a…03), which this plan deletes (…)`. A task is matched by its live name
    /// and live labels (from `live`, else the name the plan shows). Empty when nothing
    /// protected is deleted. `apply FILE` checks a saved plan with it against the rules of now.
    public static func protectionProblems(_ rules: [ProtectRule], plan: Plan, live: LiveState) -> [String] {
        guard !rules.isEmpty else { return [] }
        let tasks = liveTasks(live)
        var problems: [String] = []
        for change in plan.changes {
            for operation in change.operations {
                let what: String
                switch operation {
                case .deleteTask(let id): what = "task \(DisplayText.quoted(tasks[id]?.name ?? change.resource.name)) (\(id))"
                case .deleteLabel(let id): what = "label \(DisplayText.quoted(change.resource.name)) (\(id))"
                default: continue
                }
                guard let rule = rule(rules, protecting: change, tasks: tasks) else { continue }
                let file = rule.location.split(separator: ":", omittingEmptySubsequences: false).dropLast().joined(separator: ":")
                let reason =
                    change.action == .convert
                    ? "converting between a script task and a Flux task replaces it"
                    : change.duplicateOf.map { "an owned copy of task \($0), --prune" } ?? "owned, declared by no manifest, --prune"
                let hint =
                    change.resource.kind == .task
                    ? "declare it again (a renamed task keeps its ID when its old name is in spec.previousNames), or remove the rule from \(file)"
                    : "declare it again, or remove the rule from \(file)"
                problems.append(
                    "\(rule.location): protect rule (\(DisplayText.escaped(rule.selector.description))) forbids deleting \(what), which this plan deletes (\(reason)); nothing is deleted whatever --prune says\n  hint: \(hint)"
                )
            }
        }
        return problems
    }

    /// Live tasks by ID.
    private static func liveTasks(_ live: LiveState) -> [String: InfluxTask] {
        Dictionary(live.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The first of `rules` that selects the resource `change` deletes (or would prune): a task
    /// by its live name and live labels (the plan's name when it is not live), a label by name.
    private static func rule(_ rules: [ProtectRule], protecting change: ResourceChange, tasks: [String: InfluxTask]) -> ProtectRule? {
        switch change.resource.kind {
        case .task:
            let task = change.resource.id.flatMap { tasks[$0] }
            let name = task?.name ?? change.resource.name
            let labels = task?.labels.map(\.name) ?? []
            return rules.first { $0.selector.matchesTask(name: name, labelNames: labels) }
        case .label:
            return rules.first { $0.selector.matchesLabel(name: change.resource.name) }
        }
    }

    /// What the ignore filter needs to know beyond the change itself.
    private struct Context {
        let plan: Plan
        let desiredTasks: [String: DesiredTask]
        let liveTasks: [String: InfluxTask]
        let liveLabels: [String: InfluxLabel]
        let ownerLabelID: String?

        init(plan: Plan, desired: DesiredState, live: LiveState) {
            self.plan = plan
            desiredTasks = Dictionary(desired.tasks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            liveTasks = Dictionary(live.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            liveLabels = Dictionary(live.labels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            ownerLabelID = live.labels.first { Ownership.isOwnerLabel($0, named: plan.ownerLabel) }?.id
        }

        /// The change without its ignored differences (nil when nothing is left to send), and
        /// those differences.
        mutating func filter(_ change: ResourceChange, rules: [IgnoreRule]) -> (ResourceChange?, [IgnoredDifference]) {
            guard [.update, .adopt].contains(change.action), let id = change.resource.id else { return (change, []) }
            switch change.resource.kind {
            case .task:
                guard let current = liveTasks[id], let task = desiredTasks[change.resource.name] else { return (change, []) }
                let labelNames = current.labels.map(\.name) + task.labels
                let fields = ruleByField(
                    rules.filter {
                        $0.selector.matchesTask(name: task.name, labelNames: labelNames)
                            || $0.selector.matchesTask(name: current.name, labelNames: labelNames)
                    })
                return fields.isEmpty ? (change, []) : filterTask(change, current: current, task: task, fields: fields)
            case .label:
                guard let current = liveLabels[id] else { return (change, []) }
                let fields = ruleByField(rules.filter { $0.selector.matchesLabel(name: change.resource.name) || $0.selector.matchesLabel(name: current.name) })
                return fields.isEmpty ? (change, []) : filterLabel(change, fields: fields)
            }
        }

        /// Each field one of `rules` names, with the first rule naming it.
        private func ruleByField(_ rules: [IgnoreRule]) -> [PolicyField: String] {
            var out: [PolicyField: String] = [:]
            for rule in rules {
                for field in rule.fields where out[field] == nil { out[field] = rule.location }
            }
            return out
        }

        private func filterTask(
            _ change: ResourceChange, current: InfluxTask, task: DesiredTask,
            fields ignoredFields: [PolicyField: String]
        ) -> (ResourceChange?, [IgnoredDifference]) {
            var differences: [IgnoredDifference] = []
            var kept: [FieldChange] = []
            for field in change.fields {
                if let policy = ignoredFields.first(where: { $0.key.planFields.contains(field.field) && $0.key != .labels }) {
                    differences.append(IgnoredDifference(field: field.field, live: field.old, manifest: field.new, rule: policy.value))
                } else {
                    kept.append(field)
                }
            }
            let ignoresLabels = ignoredFields[.labels] != nil
            if let rule = ignoredFields[.labels], !change.labelsAdded.isEmpty || !change.labelsRemoved.isEmpty {
                let liveNames = current.labels.filter { $0.id != ownerLabelID }.map(\.name)
                differences.append(IgnoredDifference(field: "labels", live: Self.names(liveNames), manifest: Self.names(task.labels), rule: rule))
            }
            guard !differences.isEmpty else { return (change, []) }
            let scheduleIgnored = ignoredFields[.schedule] != nil
            let scriptStillChanges = kept.contains { ["name", "every", "cron", "offset", "concurrency", "retry", "query", "options"].contains($0.field) }
            var operations: [PlannedOperation] = []
            for operation in change.operations {
                switch operation {
                case .updateTask(let id, var request):
                    if ignoredFields[.status] != nil { request.status = current.status }
                    if ignoredFields[.description] != nil { request.description = nil }
                    if scheduleIgnored {
                        if task.scriptID != nil {
                            request.every = nil
                            request.cron = nil
                            request.offset = nil
                        } else if request.flux != nil {
                            request.flux = scriptStillChanges ? Self.withLiveSchedule(task.script, live: current.flux) : nil
                        }
                    }
                    let sendsSomething =
                        request.flux != nil || request.description != nil || request.name != nil
                        || request.scriptID != nil || request.scriptParameters != nil || request.every != nil
                        || request.cron != nil || request.offset != nil || request.status != current.status
                    if sendsSomething { operations.append(.updateTask(id: id, request)) }
                case .addTaskLabel(_, let label) where ignoresLabels && !isOwnerLabel(label):
                    continue
                case .removeTaskLabel where ignoresLabels:
                    continue
                default:
                    operations.append(operation)
                }
            }
            var out = change
            out.fields = kept
            out.operations = operations
            if ignoresLabels {
                out.labelsAdded = []
                out.labelsRemoved = []
            }
            return (operations.isEmpty && change.action == .update ? nil : out, differences)
        }

        private func filterLabel(_ change: ResourceChange, fields ignoredFields: [PolicyField: String]) -> (ResourceChange?, [IgnoredDifference]) {
            var differences: [IgnoredDifference] = []
            var kept: [FieldChange] = []
            var keys: [String] = []
            for field in change.fields {
                if let policy = ignoredFields.first(where: { $0.key.planFields.contains(field.field) }) {
                    differences.append(IgnoredDifference(field: field.field, live: field.old, manifest: field.new, rule: policy.value))
                    keys.append(field.field)
                } else {
                    kept.append(field)
                }
            }
            guard !differences.isEmpty else { return (change, []) }
            var operations: [PlannedOperation] = []
            for operation in change.operations {
                guard case .updateLabel(let id, var request) = operation else { operations.append(operation); continue }
                for key in keys { request.properties?[key] = nil }
                if request.properties?.isEmpty == true { request.properties = nil }
                if request.name != nil || request.properties != nil { operations.append(.updateLabel(id: id, request)) }
            }
            var out = change
            out.fields = kept
            out.operations = operations
            return (operations.isEmpty && change.action == .update ? nil : out, differences)
        }

        /// True for the owner label (live, or created by this apply).
        private func isOwnerLabel(_ label: IDRef) -> Bool {
            switch label {
            case .id(let id): id == ownerLabelID
            case .newLabel(let name): Ownership.labelIdentity(name) == Ownership.labelIdentity(plan.ownerLabel)
            case .newTask: false
            }
        }

        /// `a, b`; nil for none.
        private static func names(_ names: [String]) -> String? {
            names.isEmpty ? nil : names.joined(separator: ", ")
        }

        /// `script` with the `every`/`cron`/`offset` of the live script's `option task` record
        /// written into its own record in place (`TaskScriptEditor`, as the server edits a
        /// script, §7.3 A5); `script` itself when either record cannot be read.
        static func withLiveSchedule(_ script: String, live: String) -> String {
            guard let liveOptions = (try? FluxScript(parsing: live))?.options,
                let ownOptions = (try? FluxScript(parsing: script))?.options
            else { return script }
            var edits = TaskOptionEdits()
            if liveOptions.schedule != ownOptions.schedule {
                switch liveOptions.schedule {
                case .every(let every): edits.every = every.description
                case .cron(let cron): edits.cron = cron
                }
            }
            if (liveOptions.offset ?? .zero) != (ownOptions.offset ?? .zero) {
                edits.offset = liveOptions.offset.map { .set($0.serverOffsetText ?? $0.description) } ?? .remove
            }
            guard !edits.isEmpty else { return script }
            return (try? TaskScriptEditor.apply(edits, to: script)) ?? script
        }
    }
}
