import InfluxAPI

/// Pairs declared tasks with live tasks (design.md "Identity"): by `spec.id`, else by display
/// name or a `previousNames` entry. Task names are not unique in InfluxDB, so when more than one
/// live task could match a declared task — or one live task could match two declared tasks —
/// matching fails and names every ID involved. It never guesses.
///
/// One exception, because it is not a guess: when every candidate carries our owner label
/// (the trace of two applies that raced, or of an older version), they are copies we made.
/// The lowest ID (of the declared kind, script or Flux task, when there is one) is the match
/// and the others are `duplicates`, to be deleted with `--prune`.
struct TaskMatcher {
    /// The live tasks matched against, as given.
    let live: [InfluxTask]
    /// Declared task key → the index in `live` of the task it matches (an index, not a copy:
    /// a task is a large value, and copying 10,000 of them cost more than the matching).
    private(set) var matchIndex: [String: Int] = [:]
    /// Declared task key → the other owned live copies (ascending ID) when several owned live
    /// tasks matched it.
    private(set) var duplicates: [String: [InfluxTask]] = [:]
    /// Problems found, one sentence each.
    private(set) var problems: [String] = []

    /// Matches `desired` against `live`; `isOwned` tells whether a live task carries our owner
    /// label.
    init(desired: [DesiredTask], live: [InfluxTask], isOwned: (InfluxTask) -> Bool = { _ in false }) {
        self.live = live
        // Live tasks by index: a task is a large value, and 10,000 copies in three tables cost
        // more than the matching itself.
        var byID: [String: Int] = [:]
        byID.reserveCapacity(live.count)
        var byName: [ExactText: [Int]] = [:]
        byName.reserveCapacity(live.count)
        for (index, task) in live.enumerated() {
            if byID[task.id] == nil { byID[task.id] = index }
            byName[ExactText(task.name), default: []].append(index)
        }
        // Live index → index of the declared task that claimed it.
        var claimedBy: [Int: Int] = [:]
        matchIndex.reserveCapacity(desired.count)
        for declaredIndex in desired.indices {
            let task = desired[declaredIndex]
            var candidates: [Int]
            if let pinned = task.pinnedID {
                guard let found = byID[pinned.lowercased()] else {
                    problems.append("\(task.location): task \(DisplayText.quoted(task.name)) is pinned by spec.id to \(pinned), which does not exist in the org")
                    continue
                }
                candidates = [found]
            } else if task.previousNames.isEmpty {
                candidates = byName[ExactText(task.name)] ?? []
                if candidates.count > 1 { candidates.sort { live[$0].id < live[$1].id } }
            } else {
                var seen = Set<String>()
                candidates = ([task.name] + task.previousNames)
                    .flatMap { byName[ExactText($0)] ?? [] }
                    .filter { seen.insert(live[$0].id).inserted }
                    .sorted { live[$0].id < live[$1].id }
            }
            if candidates.count > 1, candidates.allSatisfy({ isOwned(live[$0]) }), candidates.allSatisfy({ claimedBy[$0] == nil }) {
                for copy in candidates { claimedBy[copy] = declaredIndex }
                // A copy of the declared kind (script or Flux task) first: after an apply that
                // stopped halfway through a conversion, the new task is the match, not the old.
                let sameKind = { (t: InfluxTask) in TaskConversion.needed(desired: task, live: t) == nil }
                let ordered = candidates.filter { sameKind(live[$0]) } + candidates.filter { !sameKind(live[$0]) }
                matchIndex[task.key] = ordered[0]
                duplicates[task.key] = ordered.dropFirst().map { live[$0] }
                continue
            }
            if candidates.count > 1 {
                // Which one is ours: after an interrupted apply the extra one is usually a copy
                // whose create landed late, without the owner label.
                let ours = candidates.filter { isOwned(live[$0]) }
                let ids = candidates.map { "\(live[$0].id) (\(DisplayText.quoted(live[$0].name)), \(ours.contains($0) ? "ours" : "not ours"))" }
                    .joined(separator: ", ")
                var problem =
                    "\(task.location): task \(DisplayText.quoted(task.name)) matches \(candidates.count) live tasks: \(ids); delete or rename the extra ones, or pin one with spec.id"
                if ours.count == 1 {
                    let others = candidates.filter { $0 != ours[0] }.map { live[$0].id }
                    problem +=
                        ". To keep ours, delete the others with the influx CLI: \(others.map { "influx task delete --id \($0)" }.joined(separator: " && ")) (influxsync never deletes a task it does not own), or add `id: \(live[ours[0]].id)` under spec"
                }
                problems.append(problem)
                continue
            }
            guard let match = candidates.first else { continue }
            if let otherIndex = claimedBy[match] {
                let other = desired[otherIndex]
                problems.append(
                    "\(task.location): live task \(live[match].id) (\(DisplayText.quoted(live[match].name))) matches both \(DisplayText.quoted(other.key)) (\(other.location)) and \(DisplayText.quoted(task.key))"
                )
                matchIndex[other.key] = nil
                continue
            }
            claimedBy[match] = declaredIndex
            matchIndex[task.key] = match
        }
    }

    /// The live task the declared task `key` matches, or nil.
    func match(_ key: String) -> InfluxTask? { matchIndex[key].map { live[$0] } }
}
