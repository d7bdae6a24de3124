import InfluxAPI

extension LabelPlanner {
    /// Resolves each live label name to its label's ID (`refs`): a name one live label holds
    /// resolves to it; a name several share is `ambiguous` (identity is never guessed) unless
    /// `resolveDuplicateLabels` picks the copy in use. Returns the names so picked.
    mutating func resolveNames(_ groups: [String: [InfluxLabel]]) -> [String: InfluxLabel] {
        // A name several live labels share (InfluxDB accepted such duplicates until late 2019)
        // never resolves by itself: identity is never guessed.
        let ownerIdentity = Ownership.labelIdentity(options.ownerLabel)
        // With `resolveDuplicateLabels` (drift), a shared name resolves to the copy in use; the
        // others are reported as duplicates by the drift report.
        var resolved: [String: InfluxLabel] = [:]
        for (identity, group) in groups {
            if group.count == 1 {
                refs[identity] = .id(group[0].id)
            } else if options.resolveDuplicateLabels && identity != ownerIdentity {
                let kept = Self.preferred(group, inUse: inUse, ownerLabel: options.ownerLabel)
                refs[identity] = .id(kept.id)
                resolved[identity] = kept
            } else {
                ambiguous[identity] = group
            }
        }
        if let owners = ambiguous[ownerIdentity] {
            problems.append(
                "the owner label \(DisplayText.quoted(options.ownerLabel)) matches \(owners.count) live labels: \(Self.list(owners)); ownership would be guessed, so delete the extra labels (keep the one with the property \(Ownership.roleProperty)=\(Ownership.ownerLabelRole))"
            )
        }
        return resolved
    }

    /// The live label a declared label stands for: the one its `spec.id` pins, else the one with
    /// its name (or, renamed, a previous name). `ok` is false when a problem was reported; a nil
    /// label means there is none (the label is created).
    mutating func liveCounterpart(
        of label: DesiredLabel, identity: String, groups: [String: [InfluxLabel]],
        resolved: [String: InfluxLabel]
    ) -> (ok: Bool, label: InfluxLabel?) {
        if let pinned = label.pinnedID {
            guard let found = liveByID[pinned] else {
                problems.append("\(label.location): label \(DisplayText.quoted(label.name)) is pinned by spec.id to \(pinned), which does not exist in the org")
                return (false, nil)
            }
            let others = (groups[identity] ?? []).filter { $0.id != found.id }
            if Ownership.labelIdentity(found.name) != identity, !others.isEmpty {
                problems.append(
                    "\(label.location): label \(DisplayText.quoted(label.name)) is pinned by spec.id to \(pinned) (\(DisplayText.quoted(found.name))), but renaming it would clash with live \(Self.list(others)); delete or rename those first"
                )
                return (false, nil)
            }
            refs[identity] = .id(found.id)
            ambiguous[identity] = nil
            return (true, found)
        }
        if let group = ambiguous[identity] {
            problems.append(
                "\(label.location): label \(DisplayText.quoted(label.name)) matches \(group.count) live labels: \(Self.list(group)); pin one with spec.id (e.g. `id: \(Self.preferred(group, inUse: inUse, ownerLabel: options.ownerLabel).id)` under spec, the one \(Self.why(Self.preferred(group, inUse: inUse, ownerLabel: options.ownerLabel), inUse: inUse, ownerLabel: options.ownerLabel))), or delete the extra ones"
            )
            return (false, nil)
        }
        switch Self.match(label, byName: resolved[identity] ?? groups[identity]?.first, groups: groups) {
        case .success(let found): return (true, found)
        case .failure(let problem): problems.append(problem.description); return (false, nil)
        }
    }
}
