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
    /// Declared task key → the live task it matches.
    private(set) var matches: [String: InfluxTask] = [:]
    /// Declared task key → the other owned live copies (ascending ID) when several owned live
    /// tasks matched it.
    private(set) var duplicates: [String: [InfluxTask]] = [:]
    /// Problems found, one sentence each.
    private(set) var problems: [String] = []

    /// Matches `desired` against `live`; `isOwned` tells whether a live task carries our owner
    /// label.
    init(desired: [DesiredTask], live: [InfluxTask], isOwned: (InfluxTask) -> Bool = { _ in false }) {
        let byID = Dictionary(live.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(grouping: live, by: \.name)
        var claimedBy: [String: DesiredTask] = [:]
        for task in desired {
            let candidates: [InfluxTask]
            if let pinned = task.pinnedID {
                guard let found = byID[pinned.lowercased()] else {
                    problems.append("\(task.location): task \(DisplayText.quoted(task.name)) is pinned by spec.id to \(pinned), which does not exist in the org")
                    continue
                }
                candidates = [found]
            } else {
                var seen = Set<String>()
                candidates = ([task.name] + task.previousNames)
                    .flatMap { byName[$0] ?? [] }
                    .filter { seen.insert($0.id).inserted }
                    .sorted { $0.id < $1.id }
            }
            if candidates.count > 1, candidates.allSatisfy(isOwned), candidates.allSatisfy({ claimedBy[$0.id] == nil }) {
                for copy in candidates { claimedBy[copy.id] = task }
                // A copy of the declared kind (script or Flux task) first: after an apply that
                // stopped halfway through a conversion, the new task is the match, not the old.
                let sameKind = { (t: InfluxTask) in TaskConversion.needed(desired: task, live: t) == nil }
                let ordered = candidates.filter(sameKind) + candidates.filter { !sameKind($0) }
                matches[task.key] = ordered[0]
                duplicates[task.key] = Array(ordered.dropFirst())
                continue
            }
            if candidates.count > 1 {
                let ids = candidates.map { "\($0.id) (\(DisplayText.quoted($0.name)))" }.joined(separator: ", ")
                problems.append("\(task.location): task \(DisplayText.quoted(task.name)) matches \(candidates.count) live tasks: \(ids); delete or rename the extra ones, or pin one with spec.id")
                continue
            }
            guard let match = candidates.first else { continue }
            if let other = claimedBy[match.id] {
                problems.append("\(task.location): live task \(match.id) (\(DisplayText.quoted(match.name))) matches both \(DisplayText.quoted(other.key)) (\(other.location)) and \(DisplayText.quoted(task.key))")
                matches[other.key] = nil
                continue
            }
            claimedBy[match.id] = task
            matches[task.key] = match
        }
    }
}
