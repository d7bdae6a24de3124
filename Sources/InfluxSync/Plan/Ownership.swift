import Foundation
import InfluxAPI

/// How influxsync marks what it manages (design.md "Ownership and pruning").
///
/// - The owner label (default `influxsync`) is a label carrying the property
///   `influxsync.role: owner-label`; every task influxsync creates or adopts carries it.
/// - A label influxsync manages carries the property `influxsync.owner: <owner label name>`.
public enum Ownership {
    /// Property key on the owner label itself.
    public static let roleProperty = "influxsync.role"
    /// Value of `roleProperty` on an owner label.
    public static let ownerLabelRole = "owner-label"
    /// Property key on managed labels naming their owner label.
    public static let ownerProperty = "influxsync.owner"

    /// Label names compared the way InfluxDB enforces uniqueness: trimmed, case-insensitive
    /// (influxdb-api.md §10.1), otherwise byte for byte (`ExactText.escapingNonASCII`: `é` and
    /// `e` + U+0301 are two names to the server). A key for comparing, never shown.
    public static func labelIdentity(_ name: String) -> String {
        ExactText.escapingNonASCII(name.trimmingWhitespace().lowercased())
    }

    /// Properties of a newly created owner label.
    public static func ownerLabelProperties(_ ownerLabel: String) -> [String: String] {
        [
            "color": "#326BBA",
            "description": "Marks the tasks that influxsync manages (owner label \"\(ownerLabel)\").",
            roleProperty: ownerLabelRole,
        ]
    }

    /// True when `label` is an owner label (ours or another owner's).
    static func isOwnerLabel(_ label: InfluxLabel) -> Bool {
        label.properties[roleProperty] == ownerLabelRole
    }

    /// True when `label` is the owner label called `ownerLabel`: an owner label whose name is
    /// that name as InfluxDB compares them (`labelIdentity`).
    static func isOwnerLabel(_ label: InfluxLabel, named ownerLabel: String) -> Bool {
        isOwnerLabel(label) && labelIdentity(label.name) == labelIdentity(ownerLabel)
    }
}
