/// What the org has that task scripts name: its buckets (§17) and its secret keys (§18), as
/// read for the checks before apply. A part that could not be read is nil, with the reason in
/// `unavailable` (the checks of that part are then skipped, never failed).
public struct ServerFacts: Sendable, Equatable {
    /// Bucket names of the org (case-sensitive, as InfluxDB compares them); nil when not read.
    public var bucketNames: Set<String>?
    /// Bucket IDs of the org; nil when not read.
    public var bucketIDs: Set<String>?
    /// Secret keys of the org (case-sensitive); nil when not read.
    public var secretKeys: Set<String>?
    /// One line per part that could not be read: what was asked, the answer, and which
    /// permission the token lacks (`GET /api/v2/buckets?orgID=…: 401 …; the token needs read:buckets`).
    public var unavailable: [String]

    /// Creates the facts.
    public init(bucketNames: Set<String>? = nil, bucketIDs: Set<String>? = nil, secretKeys: Set<String>? = nil, unavailable: [String] = []) {
        self.bucketNames = bucketNames
        self.bucketIDs = bucketIDs
        self.secretKeys = secretKeys
        self.unavailable = unavailable
    }
}
