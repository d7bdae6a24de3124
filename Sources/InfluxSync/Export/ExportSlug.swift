import Foundation

/// File and `metadata.name` slugs for exported resources: RFC 1123 labels (lowercase ASCII
/// letters, digits and `-`, at most 63 characters), unique within one namespace.
struct ExportSlugs {
    private var used: Set<String> = []
    /// What to call a resource whose name leaves nothing usable (`task`, `label`).
    let fallback: String

    init(fallback: String) { self.fallback = fallback }

    /// Keeps `key` from being claimed (a name that refers to something not written, such as a
    /// skipped label an association names by its live name).
    mutating func reserve(_ key: String) { used.insert(key) }

    /// The slug of `name`, made unique with `-2`, `-3`, … in the order of the calls.
    mutating func claim(_ name: String) -> String {
        let base = Self.slug(name, fallback: fallback)
        var candidate = base
        var counter = 2
        while used.contains(candidate) {
            let suffix = "-\(counter)"
            candidate = String(base.prefix(63 - suffix.count)).trimmingCharacters(in: ["-"]) + suffix
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// Accents dropped (`Überwachung` → `uberwachung`), runs of anything but `a-z0-9` become one
    /// `-`, no leading or trailing `-`, at most 63 characters; `fallback` when nothing is left.
    static func slug(_ name: String, fallback: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let isWordScalar = scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
            if isWordScalar {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        let trimmed = String(out.prefix(63)).trimmingCharacters(in: ["-"])
        return trimmed.isEmpty ? fallback : trimmed
    }
}
