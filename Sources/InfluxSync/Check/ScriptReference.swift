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
    /// Mapped when first asked (most references are never reported, and mapping reads the
    /// file's lines).
    public var location: SourceLocation {
        get {
            switch place {
            case .known(let location): location
            case .deferred(let locate): locate()
            }
        }
        set { place = .known(newValue) }
    }

    private var place: Place

    private enum Place: Sendable {
        case known(SourceLocation)
        case deferred(@Sendable () -> SourceLocation)
    }

    /// Creates a reference.
    public init(kind: Kind, name: String, function: String, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.function = function
        self.place = .known(location)
    }

    /// Creates a reference whose location `locate` gives when first asked.
    init(kind: Kind, name: String, function: String, locate: @escaping @Sendable () -> SourceLocation) {
        self.kind = kind
        self.name = name
        self.function = function
        self.place = .deferred(locate)
    }

    /// Equal kind, name, function and location.
    public static func == (a: ScriptReference, b: ScriptReference) -> Bool {
        a.kind == b.kind && a.name == b.name && a.function == b.function && a.location == b.location
    }

    /// Hashes kind, name and function (equal references have them equal).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(name)
        hasher.combine(function)
    }
}
