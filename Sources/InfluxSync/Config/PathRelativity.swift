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

    /// `path` as printed: relative to the working directory when it lies inside it, else
    /// absolute.
    public static func display(_ path: String, workingDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        relative(path, to: workingDirectory, workingDirectory: workingDirectory)
    }
}
