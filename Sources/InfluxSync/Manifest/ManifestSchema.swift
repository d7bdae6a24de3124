/// Where editors find the JSON Schema of a manifest document (`schemas/manifest.schema.json`).
///
/// The address is the schema's own `$id`: the file in the repository at the release tag of this
/// version, so yaml-language-server (VS Code's YAML extension, and other editors using it) can
/// fetch it. `scripts/schema-ids.py check` (run by `.ci/run`) keeps the two equal, and a
/// fork's release restamps both with `scripts/schema-ids.py stamp OWNER/NAME X.Y.Z`.
public enum ManifestSchema {
    /// The schema's address, `https://raw.githubusercontent.com/<repository>/v<version>/schemas/manifest.schema.json`.
    public static let address = "https://raw.githubusercontent.com/influxsync/influxsync/v0.1.0/schemas/manifest.schema.json"

    /// The comment line that binds a YAML manifest to the schema in yaml-language-server:
    /// `# yaml-language-server: $schema=<address>`. `export` writes it as a file's first line.
    public static let modeline = "# yaml-language-server: $schema=\(address)"
}
