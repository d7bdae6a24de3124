/// A literal name a task's script relies on the server to have: a bucket it reads or writes
/// (`from(bucket: "telegraf")`, `to(bucketID: "…")`) or a secret key it reads
/// (`secrets.get(key: "SLACK")`), at its place in the manifest. Calls that name another host
/// or org, and names that are not literals, are not references (`FluxFile.references`).
public struct ScriptReference: Hashable, Sendable {
    /// What the name is.
    public enum Kind: String, Hashable, Sendable {
        /// A bucket name (`bucket:`).
        case bucket
        /// A bucket ID (`bucketID:`).
        case bucketID
        /// A secret key (`secrets.get(key:)`).
        case secret
    }

    /// What the name is.
    public var kind: Kind
    /// The bucket name, bucket ID or secret key, as written.
    public var name: String
    /// The function that names it (`from`, `to`, `experimental.to`, `secrets.get`, …).
    public var function: String
    /// Where in the manifest (the argument's position in the script, mapped into the file).
    public var location: SourceLocation

    /// Creates a reference.
    public init(kind: Kind, name: String, function: String, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.function = function
        self.location = location
    }
}
