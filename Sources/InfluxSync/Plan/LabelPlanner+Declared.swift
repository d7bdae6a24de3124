import InfluxAPI

extension LabelPlanner {
    /// Plans one declared label: refuses the owner label's and the apply lock's names, finds its
    /// live counterpart, then creates it, or updates (or adopts) the live one; `declared` gets
    /// its identity (and, renamed, its old one).
    mutating func planDeclared(_ label: DesiredLabel, groups: [String: [InfluxLabel]], resolved: [String: InfluxLabel], declared: inout Set<String>) {
        let ownerIdentity = Ownership.labelIdentity(options.ownerLabel)
        let leaseIdentity = Ownership.labelIdentity(ApplyLease.labelName(forOwnerLabel: options.ownerLabel))
        let identity = Ownership.labelIdentity(label.name)
        declared.insert(identity)
        if identity == ownerIdentity {
            problems.append(
                "\(label.location): label \(DisplayText.quoted(label.name)) has the name of the owner label \(DisplayText.quoted(options.ownerLabel)); rename it or choose another --owner-label"
            )
            return
        }
        if identity == leaseIdentity {
            problems.append(
                "\(label.location): label \(DisplayText.quoted(label.name)) has the name reserved for the apply lock of owner label \(DisplayText.quoted(options.ownerLabel)); rename it"
            )
            return
        }
        let (ok, candidate) = liveCounterpart(of: label, identity: identity, groups: groups, resolved: resolved)
        guard ok else { return }
        if let candidate, Ownership.labelIdentity(candidate.name) != identity {
            // Renamed through previousNames: the old name is declared too (never pruned), and
            // associations by the new name resolve to the renamed label's ID.
            declared.insert(Ownership.labelIdentity(candidate.name))
            refs[identity] = .id(candidate.id)
        }
        guard let current = candidate else {
            planCreate(label, identity: identity)
            return
        }
        planUpdate(label, live: current)
    }

    /// The `create` change of a declared label no live label stands for (with our owner property).
    /// An empty color or description is not sent: it equals an absent one, and the server would
    /// store `""` on create (influxdb-api.md §10.1) where a PATCH with `""` removes the property.
    mutating func planCreate(_ label: DesiredLabel, identity: String) {
        let color = label.color.flatMap { $0.isEmpty ? nil : $0 }
        let description = label.description.flatMap { $0.isEmpty ? nil : $0 }
        var properties = [Ownership.ownerProperty: options.ownerLabel]
        if let color { properties["color"] = color }
        if let description { properties["description"] = description }
        let name = trimmed(label.name)
        refs[identity] = .newLabel(name)
        var fields = [FieldChange(field: "name", old: nil, new: name)]
        if let color { fields.append(FieldChange(field: "color", old: nil, new: color)) }
        if let description { fields.append(FieldChange(field: "description", old: nil, new: description)) }
        changes.append(
            ResourceChange(
                action: .create,
                resource: ResourceRef(kind: .label, name: name, location: label.location),
                fields: fields,
                operations: [.createLabel(LabelCreateRequest(orgID: orgID, name: name, properties: properties))]
            ))
    }

    /// The `update` or `adopt` change of a declared label's live counterpart (name, color,
    /// description; our owner property when adopted); none when it matches. A live label that is
    /// an owner label, or managed by another owner label, is a problem.
    mutating func planUpdate(_ label: DesiredLabel, live current: InfluxLabel) {
        if Ownership.isOwnerLabel(current) {
            problems.append(
                "\(label.location): label \(DisplayText.quoted(label.name)) (\(current.id)) is the owner label of another influxsync configuration; it cannot be managed as an ordinary label"
            )
            return
        }
        let owner = current.properties[Ownership.ownerProperty]
        if let owner, !isOwnerName(owner) {
            problems.append(
                "\(label.location): label \(DisplayText.quoted(label.name)) (\(current.id)) is managed by owner label \(DisplayText.quoted(owner)), not \(DisplayText.quoted(options.ownerLabel)); it is not adopted silently"
            )
            return
        }
        var fields: [FieldChange] = []
        var update = LabelUpdateRequest()
        var properties: [String: String] = [:]
        let name = trimmed(label.name)
        if current.name != name {
            fields.append(FieldChange(field: "name", old: current.name, new: name))
            update.name = name
        }
        for (key, want) in [("color", label.color), ("description", label.description)] {
            let have = current.properties[key]
            if (have ?? "") != (want ?? "") {
                fields.append(FieldChange(field: key, old: have, new: want))
                properties[key] = want ?? ""
            }
        }
        let adopt = owner == nil
        if adopt {
            properties[Ownership.ownerProperty] = options.ownerLabel
            // The PATCH sets the owner property: the plan shows it like any other change.
            fields.append(FieldChange(field: "property \(Ownership.ownerProperty)", old: nil, new: options.ownerLabel))
        }
        if !properties.isEmpty { update.properties = properties }
        guard adopt || !fields.isEmpty else { return }
        changes.append(
            ResourceChange(
                action: adopt ? .adopt : .update,
                resource: ResourceRef(kind: .label, name: name, id: current.id, location: label.location),
                fields: fields,
                operations: [.updateLabel(id: current.id, update)]
            ))
    }
}
