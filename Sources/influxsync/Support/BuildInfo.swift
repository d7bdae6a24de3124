/// What `influxsync --version` prints: the release version and the commit it was built from.
///
/// The values below are the ones a build from a plain checkout gets. `scripts/build-release.sh`
/// rewrites the two lines marked `stamped` (with the tag's version and the commit's hash) for
/// the duration of a release build and restores them afterwards, so the binary needs no git at
/// run time.
enum BuildInfo {
    /// The semantic version, e.g. `0.1.0`; `-dev` marks a build from source.
    static let version = "0.1.0-dev"  // stamped by scripts/build-release.sh
    /// The abbreviated commit hash, or `unknown` for a build from source.
    static let commit = "unknown"  // stamped by scripts/build-release.sh

    /// The `--version` line: `influxsync <version> (commit <commit>)`.
    static var versionLine: String { "influxsync \(version) (commit \(commit))" }
}
