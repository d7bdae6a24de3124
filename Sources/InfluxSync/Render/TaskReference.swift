/// A task as the JSON documents of `runs`, `run`, `retry`, `cancel`, `logs` and `retry-failed`
/// name it: `{"id", "name"}`.
public struct TaskReference: Encodable, Sendable {
    /// The task's ID (16 hexadecimal digits).
    public var id: String
    /// The task's name.
    public var name: String

    /// Creates a reference.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
