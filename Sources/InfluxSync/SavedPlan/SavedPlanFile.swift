import Foundation

/// A saved plan named on `apply`'s command line, read once: the bytes that tell it from a
/// manifest (`SavedPlan.looksLikeSavedPlan`) are the bytes decoded (`decode()`).
public struct SavedPlanFile: Sendable {
    /// The path as given.
    public var path: String
    /// The file's bytes, as read.
    public var data: Data

    /// Creates a saved plan file from bytes already read.
    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }

    /// The saved plan `paths` name, or nil when they name manifests: exactly one path, not
    /// `-`, an existing file (not a directory) of at most `maxBytes` (256 MiB: a plan of
    /// 10,000 changes is tens of MiB, beyond the manifest cap) whose JSON has
    /// `formatVersion` and `plan`. The file is read once, through `read`; nothing is read for
    /// any other `paths`. A larger file is left to the manifest reader, which refuses it by
    /// its size (a 1 GiB "plan" was read and decoded whole).
    public static func named(
        by paths: [String], maxBytes: Int = 256 << 20,
        read: (String) -> Data? = { FileManager.default.contents(atPath: $0) }
    ) -> SavedPlanFile? {
        guard paths.count == 1, let path = paths.first, path != "-" else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes { return nil }
        guard let data = read(path), SavedPlan.looksLikeSavedPlan(data) else { return nil }
        return SavedPlanFile(path: path, data: data)
    }

    /// The saved plan these bytes hold (`SavedPlan.decode`, errors naming `path`).
    /// - Throws: `SavedPlanError` as `SavedPlan.decode`.
    public func decode() throws(SavedPlanError) -> SavedPlan {
        try SavedPlan.decode(data, source: path)
    }
}
