import Yams

extension ManifestExporter {
    /// The files to write: with `--single-file` one file of the label then task documents (none
    /// when both are empty); else the labels file (when there are labels) and the task files.
    /// - Throws: `ExportError` when the documents cannot be written as YAML.
    static func exportedFiles(
        labelDocuments: [Node], taskDocuments: [Node], taskFiles: [ExportedFile],
        singleFile: Bool
    ) throws(ExportError) -> [ExportedFile] {
        var files: [ExportedFile] = []
        if singleFile {
            if !labelDocuments.isEmpty || !taskDocuments.isEmpty {
                files.append(ExportedFile(path: singleFileName, contents: try serialize(labelDocuments + taskDocuments)))
            }
        } else {
            if !labelDocuments.isEmpty {
                files.append(ExportedFile(path: labelsFileName, contents: try serialize(labelDocuments)))
            }
            files += taskFiles
        }
        return files
    }

    /// The documents as one YAML stream.
    /// - Throws: `ExportError` when they cannot be written as YAML.
    static func serialize(_ documents: [Node]) throws(ExportError) -> String {
        do {
            return try YAMLManifestWriter.serialize(documents)
        } catch {
            throw ExportError(description: "the manifests could not be written as YAML", hint: "report this with the task names involved")
        }
    }
}
