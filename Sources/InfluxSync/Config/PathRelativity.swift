import Foundation

/// Turns file paths into the form a person can paste: relative to a directory when they lie
/// inside it, absolute otherwise. Saved plans store manifest paths relative to the plan file or
/// the targets file this way, and `--target` manifests are printed relative to the working
/// directory.
public enum PathRelativity {
    /// `path` made absolute against `directory` (when relative) with `.` and `..` removed.
    public static func absolute(_ path: String, in directory: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// `path` relative to `directory` when it lies inside it (`tasks/cpu.yaml`; `.` for the
    /// directory itself), else its absolute form. A relative `path` is taken relative to
    /// `workingDirectory` first.
    public static func relative(
        _ path: String, to directory: String,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let full = absolute(path, in: workingDirectory)
        let base = absolute(directory, in: workingDirectory)
        if full == base { return "." }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }

    /// `path` relative to `directory` as a saved plan stores it: inside `directory` as
    /// `relative(_:to:)` gives it; else, when both lie inside `workingDirectory` (the
    /// checkout plan runs in), walking up with `..` from `directory` to the first directory
    /// the two share (`../manifests` for a plan saved in `out/`), so the checkout can be
    /// moved with its plan; else absolute (a plan saved outside the checkout, e.g. in
    /// `$RUNNER_TEMP`, keeps pointing at the same place). A relative `path` is taken relative
    /// to `workingDirectory` first.
    public static func stored(
        _ path: String, relativeTo directory: String,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let inside = relative(path, to: directory, workingDirectory: workingDirectory)
        guard inside.hasPrefix("/") else { return inside }
        let checkout = absolute(workingDirectory, in: "/")
        guard !relative(path, to: checkout, workingDirectory: workingDirectory).hasPrefix("/"),
            !relative(directory, to: checkout, workingDirectory: workingDirectory).hasPrefix("/")
        else { return inside }
        let full = absolute(path, in: workingDirectory).split(separator: "/")
        let base = absolute(directory, in: workingDirectory).split(separator: "/")
        var shared = 0
        while shared < full.count, shared < base.count, full[shared] == base[shared] { shared += 1 }
        guard shared > 0 else { return inside }
        let up = Array(repeating: "..", count: base.count - shared)
        return (up + full[shared...].map(String.init)).joined(separator: "/")
    }

    /// `path` as printed: relative to the working directory when it lies inside it, else
    /// absolute.
    public static func display(_ path: String, workingDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        relative(path, to: workingDirectory, workingDirectory: workingDirectory)
    }
}
