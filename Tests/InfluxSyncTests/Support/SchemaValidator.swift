import Foundation
import XCTest

/// Validates JSON text against a schema in `schemas/` with python3's `jsonschema`
/// (Draft 2020-12). Every schema in `schemas/` is registered under its `$id`, so one may refer
/// to another (`apply.schema.json` embeds `plan.schema.json`) without any download. When
/// python3 cannot import `jsonschema`, it is installed once per run (`SchemaPython`); a python3
/// or jsonschema that still cannot be had is a test failure, not a skip.
enum SchemaValidator {
    static let script = """
        import glob, json, os, sys
        try:
            import jsonschema
            from referencing import Registry, Resource
        except ImportError:
            print("python3 module 'jsonschema' is missing: run `pip install jsonschema`")
            sys.exit(3)
        schema = json.load(open(sys.argv[1]))
        doc = json.load(open(sys.argv[2]))
        registry = Registry()
        for path in glob.glob(os.path.join(os.path.dirname(sys.argv[1]), "*.schema.json")):
            other = json.load(open(path))
            registry = registry.with_resource(other["$id"], Resource.from_contents(other))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
        errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
        for e in errors:
            print("/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message)
        sys.exit(1 if errors else 0)
        """

    struct Outcome {
        var exitCode: Int32
        var output: String
    }

    /// Runs the validator; returns its exit code (0 valid, 1 invalid, 3 jsonschema missing) and
    /// its output (one line per error).
    static func validate(json: String, schema: String, file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("influxsync-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = dir.appendingPathComponent("doc.json")
        let py = dir.appendingPathComponent("validate.py")
        try json.write(to: doc, atomically: true, encoding: .utf8)
        try script.write(to: py, atomically: true, encoding: .utf8)
        let schemaPath = CIFixtures.repositoryRoot.appendingPathComponent("schemas").appendingPathComponent(schema).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [SchemaPython.executable, py.path, schemaPath, doc.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            XCTFail("python3 could not be started (\(error)); install python3 (with its venv module: apt-get install python3 python3-venv)", file: file, line: line)
            throw error
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if process.terminationStatus == 3 {
            XCTFail("python3 jsonschema is missing and could not be installed: \(output)\(SchemaPython.installLog)", file: file, line: line)
        }
        return Outcome(exitCode: process.terminationStatus, output: output)
    }
}

/// The python3 the schema tests run: `python3` when it imports `jsonschema`; otherwise one with
/// `jsonschema` installed into a virtual environment under `.build/python` (nothing installed
/// system-wide), or with `pip install --user` when python3 has no `venv` module. Decided once
/// per test run, on first use.
enum SchemaPython {
    /// `python3`, or the virtual environment's python3 (an absolute path).
    static var executable: String { chosen.executable }
    /// What the install printed, for a failure message (empty when nothing was installed).
    static var installLog: String { chosen.log.isEmpty ? "" : "\ninstall output:\n" + chosen.log }

    private static let chosen: (executable: String, log: String) = {
        let venv = CIFixtures.repositoryRoot.appendingPathComponent(".build/python")
        let venvPython = venv.appendingPathComponent("bin/python3").path
        if run(["python3", "-c", "import jsonschema"]).status == 0 { return ("python3", "") }
        if run([venvPython, "-c", "import jsonschema"]).status == 0 { return (venvPython, "") }
        if run(["python3", "-m", "venv", venv.path]).status == 0 {
            let install = run([venvPython, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "jsonschema"])
            return (venvPython, install.output)
        }
        try? FileManager.default.removeItem(at: venv)
        let install = run(["python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--user", "jsonschema"])
        return ("python3", install.output)
    }()

    private static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return (127, "cannot start \(arguments[0])") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
