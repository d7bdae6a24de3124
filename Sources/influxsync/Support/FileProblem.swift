import Foundation

/// Why a file cannot be written or read, in plain words (`the directory /x does not exist`,
/// `permission denied`), instead of Foundation's error text with its domain and code.
enum FileProblem {
    /// The likely reason `path` could not be written (or read): a missing parent directory,
    /// a directory in its place, missing permission, or a generic phrase.
    static func describe(path: String) -> String {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "it is a directory" }
            if !fm.isWritableFile(atPath: path) { return "permission denied" }
            return "the file cannot be written"
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !fm.fileExists(atPath: parent, isDirectory: &isDirectory) { return "the directory \(parent) does not exist" }
        if !isDirectory.boolValue { return "\(parent) is not a directory" }
        if !fm.isWritableFile(atPath: parent) { return "permission denied in \(parent)" }
        return "the file cannot be written"
    }
}
