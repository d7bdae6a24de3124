import Flux
import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

/// `ManifestExporter` output read back by `ManifestLoader` and planned against the live state
/// it came from: only adoptions, and every string (names, descriptions, queries) unchanged.
final class ExportRoundTripTests: XCTestCase {
    private let org = InfluxOrg(id: "0000000000000001", name: "acme")

    private func task(_ id: Int, flux: String, description: String? = nil, status: String = "active", labels: [InfluxLabel] = []) -> InfluxTask {
        let script = try! FluxScript(parsing: flux)
        return InfluxTask(
            id: String(format: "%016x", 0x100 + id), orgID: org.id, name: script.options!.name,
            description: description, status: status, flux: flux, labels: labels)
    }

    private func label(_ id: Int, _ name: String, _ properties: [String: String] = [:]) -> InfluxLabel {
        InfluxLabel(id: String(format: "%016x", 0x200 + id), orgID: org.id, name: name, properties: properties)
    }

    /// Writes the files under a fresh directory and loads them like `plan DIR` does.
    private func load(_ result: ExportResult, liveLabels: [InfluxLabel]) throws -> DesiredState {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("influxsync-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in result.files {
            let url = directory.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
        let loaded = ManifestLoader.load(paths: [directory.path], liveLabelNames: Set(liveLabels.map(\.name)))
        XCTAssertEqual(loaded.diagnostics.filter { $0.severity == .error }.map(\.description), [])
        return try XCTUnwrap(loaded.desired)
    }

    /// Tricky strings that YAML must carry unchanged.
    static let trickyTexts = [
        "line one\nline two", "trailing line break\n", "two trailing\n\n", "  leading spaces", "trailing space ",
        "null", "true", "~", "123", "#hash", "key: value", "- dash", "'single' and \"double\" quotes",
        "back\\slash \\n not a newline", "tab\there", "Überwachung – 温度 🚀", "  indented\n    more\nless",
        "line with trailing spaces   \nnext", "\nleading line break", "@at", "*star", "&amp", "!bang", "%percent", "{braces}", "[brackets]",
    ]

    func testEveryDescriptionSurvivesTheRoundTrip() throws {
        let tasks = Self.trickyTexts.enumerated().map { index, text in
            task(index, flux: "option task = {name: \"t\(index)\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n", description: text)
        }
        let live = LiveState(org: org, tasks: tasks)
        let desired = try load(try ManifestExporter.export(live, options: ExportOptions()), liveLabels: [])
        let byName = Dictionary(uniqueKeysWithValues: desired.tasks.map { ($0.name, $0.description) })
        for (index, text) in Self.trickyTexts.enumerated() {
            XCTAssertEqual(byName["t\(index)"], text)
        }
    }

    func testTaskNamesWithQuotesBackslashesAndNonASCIISurvive() throws {
        let names = ["say \"hi\"", "back\\slash", "Überwachung – 温度", "tab\tname", "null", "#1 priority", "a: b"]
        let tasks = names.enumerated().map { index, name in
            task(index, flux: "option task = {name: \(FluxStringLiteral.quote(name)), every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        }
        let live = LiveState(org: org, tasks: tasks)
        let result = try ManifestExporter.export(live, options: ExportOptions())
        let desired = try load(result, liveLabels: [])
        XCTAssertEqual(Set(desired.tasks.map(\.name)), Set(names))
        XCTAssertEqual(
            result.files.map(\.path),
            [
                "tasks/1-priority.yaml", "tasks/a-b.yaml", "tasks/back-slash.yaml", "tasks/null.yaml",
                "tasks/say-hi.yaml", "tasks/tab-name.yaml", "tasks/uberwachung.yaml",
            ])
    }

    func testQueriesSurviveAndThePlanOnlyAdopts() throws {
        let ops = label(1, "team:ops", ["color": "#326BBA", "description": "Ops\nteam", "extra": "kept"])
        let data = label(2, "Überwachung", ["color": "#22ADF6"])
        let bodies = [
            "import \"strings\"\nimport \"influxdata/influxdb/tasks\"\n\noption task = {name: \"imports\", every: 1d, offset: 5m}\n\nfrom(bucket: \"b\")\n    |> range(start: tasks.lastSuccess(orTime: -task.every))\n    |> filter(fn: (r) => strings.hasPrefix(v: r._measurement, prefix: \"cpu\"))\n",
            "option task = {name: \"cron seconds\", cron: \"*/30 * * * * *\"}\n\n// a comment with \"quotes\" and a backslash \\\nfrom(bucket: \"b\") |> range(start: -1m) |> filter(fn: (r) => r.host =~ /web-\\d+/)\n",
            "option task = {name: \"inactive\", every: 90m, concurrency: 2, retry: 3}\n\nfrom(bucket: \"温度\") |> range(start: -1h)   \n\t|> yield()\n",
            "option task = {name: \"negative offset\", every: 1h, offset: -30s}\nfrom(bucket: \"b\") |> range(start: -1h)",
        ]
        let tasks = [
            task(1, flux: bodies[0], description: "Daily\nrollup\n", labels: [ops]),
            task(2, flux: bodies[1], labels: [ops, data]),
            task(3, flux: bodies[2], status: "inactive"),
            task(4, flux: bodies[3], description: "  spaced"),
            task(5, flux: bodies[3], description: "same name, other task"),
        ]
        let live = LiveState(org: org, labels: [ops, data], tasks: tasks)
        let result = try ManifestExporter.export(live, options: ExportOptions())
        let desired = try load(result, liveLabels: live.labels)
        XCTAssertEqual(desired.tasks.count, 5)
        XCTAssertEqual(desired.tasks.compactMap(\.pinnedID).sorted(), ["0000000000000104", "0000000000000105"])
        let plan = try Planner.plan(desired: desired, live: live)
        XCTAssertEqual(
            plan.changes.map { "\($0.action) \($0.resource.kind.rawValue) \($0.resource.name) \($0.fields.map(\.field))" },
            [
                "create Label influxsync [\"name\"]",
                "adopt Label team:ops [\"property influxsync.owner\"]", "adopt Label Überwachung [\"property influxsync.owner\"]",
                "adopt Task cron seconds [\"owner label\"]", "adopt Task imports [\"owner label\"]",
                "adopt Task inactive [\"owner label\"]",
                "adopt Task negative offset [\"owner label\"]", "adopt Task negative offset [\"owner label\"]",
            ])
        // Adopting a label sends only the owner property: its other properties stay as they are.
        XCTAssertEqual(plan.changes[1].operations, [.updateLabel(id: ops.id, LabelUpdateRequest(properties: [Ownership.ownerProperty: "influxsync"]))])
        XCTAssertEqual(desired.labels.map(\.description), ["Ops\nteam", nil])
    }

    /// A record with properties the script reads (`task.b`) keeps only them in the exported
    /// query (the spec says the options), and a script that is only its record is exported as
    /// `option task = {}` (an empty query would not load): both load back, send the same
    /// script, and plan as adoptions only; the spec's schedule can then be edited alone.
    func testRecordPropertiesAndRecordOnlyScriptsSurvive() throws {
        let tasks = [
            task(1, flux: "option task = {name: \"extras\", every: 1h, b: \"raw\", l: [1, 2]}\n\nfrom(bucket: task.b) |> range(start: -1h)\n"),
            task(2, flux: "option task = {name: \"only record\", every: 1h, offset: 5m}\n"),
        ]
        let live = LiveState(org: org, tasks: tasks)
        let result = try ManifestExporter.export(live, options: ExportOptions())
        let queries = result.files.map(\.contents).joined().split(separator: "\n").filter { $0.contains("option task") }
        XCTAssertEqual(
            queries.map { $0.trimmingCharacters(in: .whitespaces) },
            [
                "option task = {b: \"raw\", l: [1, 2]}",
                "query: option task = {}",
            ])
        let desired = try load(result, liveLabels: [])
        XCTAssertEqual(desired.tasks.map(\.script), tasks.map(\.flux))
        let plan = try Planner.plan(desired: desired, live: live)
        XCTAssertEqual(
            plan.changes.map { "\($0.action) \($0.resource.name) \($0.fields.map(\.field))" },
            [
                "create influxsync [\"name\"]", "adopt extras [\"owner label\"]", "adopt only record [\"owner label\"]",
            ])
        // Editing the exported spec's schedule alone is one change, not a conflict with the query.
        let file = try XCTUnwrap(result.files.first { $0.path.contains("only-record") }?.contents)
        let edited = ManifestLoader.load(text: file.replacingOccurrences(of: "every: 1h", with: "every: 2h"), path: "only-record.yaml")
        XCTAssertEqual(edited.diagnostics.map(\.description), [])
        XCTAssertEqual(edited.desired?.tasks.first?.script, "option task = {name: \"only record\", every: 2h, offset: 5m}\n")
    }

    /// The server lists a task's labels in the order they were added (concurrently, by an
    /// apply): export writes them by key, so one state always exports the same files.
    func testAssociationsAreWrittenByKeyWhateverTheServersOrder() throws {
        let labels = [label(1, "b"), label(2, "d"), label(3, "a"), label(4, "c")]
        let flux = "option task = {name: \"t\", every: 1h}\n\nx = 1\n"
        for order in [labels, labels.reversed(), [labels[2], labels[0], labels[3], labels[1]]] {
            let live = LiveState(org: org, labels: labels, tasks: [task(1, flux: flux, labels: order)])
            let result = try ManifestExporter.export(live, options: ExportOptions())
            let taskFile = try XCTUnwrap(result.files.first { $0.path.hasPrefix("tasks/") })
            let lines = taskFile.contents.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let associations = try XCTUnwrap(lines.firstIndex(of: "associations:"))
            XCTAssertEqual(lines[(associations + 1)...].prefix(8).filter { $0.hasPrefix("name: ") }, ["name: a", "name: b", "name: c", "name: d"])
        }
    }

    /// Resources another configuration manages (its owner label on a task, its name in a label's
    /// owner property) are left out with a note, since the plan of the exported directory
    /// refuses them; a task we export keeps its association to such a label by the live name.
    func testAnotherConfigurationsTasksAndLabelsAreSkipped() throws {
        let teamB = label(1, "teamb", Ownership.ownerLabelProperties("teamb"))
        let theirs = label(2, "a", [Ownership.ownerProperty: "teamb"])
        let plain = label(3, "plain")
        let flux = { (name: String) in "option task = {name: \"\(name)\", every: 1h}\n\nx = 1\n" }
        let live = LiveState(
            org: org, labels: [teamB, theirs, plain],
            tasks: [task(1, flux: flux("theirs"), labels: [teamB, theirs]), task(2, flux: flux("mine"), labels: [theirs, plain])])
        let result = try ManifestExporter.export(live, options: ExportOptions())
        XCTAssertEqual(
            result.notes,
            [
                "task \"theirs\" (0000000000000101) skipped: it is managed by owner label \"teamb\"; export with --owner-label teamb to write that configuration's manifests",
                "label \"a\" (0000000000000202) skipped: it is managed by owner label \"teamb\"; export with --owner-label teamb to write that configuration's manifests",
            ])
        let desired = try load(result, liveLabels: live.labels)
        XCTAssertEqual(desired.tasks.map(\.name), ["mine"])
        XCTAssertEqual(desired.tasks.first?.labels, ["a", "plain"])
        XCTAssertEqual(desired.labels.map(\.name), ["plain"])
        let plan = try Planner.plan(desired: desired, live: live)
        XCTAssertEqual(
            plan.changes.map { "\($0.action) \($0.resource.name)" }, ["create influxsync", "adopt plain", "adopt mine"])
    }

    /// What no manifest can carry is skipped with a note instead of written into a directory
    /// whose plan then fails: a label whose stored name is empty, and a script whose first
    /// statement, once the record is moved to the top (as a manifest's query sends it), would
    /// continue the record (`--format flux` keeps such a script as written).
    func testTasksAndLabelsNoManifestCanCarryAreSkipped() throws {
        let empty = label(1, "")
        let live = LiveState(
            org: org, labels: [empty],
            tasks: [
                task(1, flux: "(from(bucket: \"b\") |> range(start: -1h))\noption task = {name: \"paren first\", every: 1h}\n"),
                task(2, flux: "option task = {name: \"fine\", every: 1h}\n\nx = 1\n", labels: [empty]),
            ])
        let result = try ManifestExporter.export(live, options: ExportOptions())
        XCTAssertEqual(
            result.notes,
            [
                "label \"\" (0000000000000201) skipped: its name is empty, which no manifest can declare; rename it in InfluxDB to export it",
                "task \"paren first\" (0000000000000101) skipped: a manifest sends its script with the option task record first, and then the query starts with `(`, which InfluxDB reads as continuing the `option task` record above it: a call of the record; move the record to the top of the script in InfluxDB, or bind the first expression to a name, to export it as YAML (or export it with --format flux, which keeps the script as written)",
            ])
        XCTAssertEqual(result.taskCount, 1)
        XCTAssertEqual(try load(result, liveLabels: live.labels).tasks.map(\.name), ["fine"])
        let flux = try ManifestExporter.export(live, options: ExportOptions(format: .flux))
        XCTAssertEqual(flux.taskCount, 2)
        XCTAssertEqual(flux.files.map(\.path), ["tasks/fine.flux", "tasks/paren-first.flux"])
    }

    /// A skipped label is associated by its live name: no exported label's key may take that
    /// name (the loader matches keys first, case-insensitively), or the task would be linked to
    /// the wrong label. A record that uses a name its script defines is skipped with a note.
    func testSkippedLabelsKeepTheirNameAndRecordsUsingDefinitionsAreSkipped() throws {
        let plainTeam = label(1, "Team A")
        let theirs = label(2, "team-a", [Ownership.ownerProperty: "other"])
        let live = LiveState(
            org: org, labels: [plainTeam, theirs],
            tasks: [
                task(1, flux: "option task = {name: \"both\", every: 1h}\n\nx = 1\n", labels: [theirs, plainTeam]),
                task(2, flux: "b = \"raw\"\noption task = {name: \"order\", every: 1h, bucket: b}\nfrom(bucket: task.bucket)\n"),
            ])
        let result = try ManifestExporter.export(live, options: ExportOptions())
        XCTAssertEqual(
            result.notes.last,
            "task \"order\" (0000000000000102) skipped: a manifest sends its script with the option task record first, and then option task property `bucket` uses `b`, which the query defines: the record is sent above the query, where `b` is not defined yet; write the value itself in the record; move the record to the top of the script in InfluxDB, or bind the first expression to a name, to export it as YAML (or export it with --format flux, which keeps the script as written)"
        )
        let desired = try load(result, liveLabels: live.labels)
        XCTAssertEqual(desired.labels.map { "\($0.key) \($0.name)" }, ["team-a-2 Team A"])
        XCTAssertEqual(desired.tasks.map(\.name), ["both"])
        XCTAssertEqual(desired.tasks.first?.labels, ["team-a", "Team A"])
        let plan = try Planner.plan(desired: desired, live: live)
        XCTAssertEqual(
            plan.changes.map { "\($0.action) \($0.resource.name) \($0.labelsAdded) \($0.labelsRemoved)" },
            [
                "create influxsync [] []", "adopt Team A [] []", "adopt both [] []",
            ])
    }

    func testTheExportedYAMLIsReadable() throws {
        let ops = label(1, "team:ops", ["color": "#326BBA"])
        let live = LiveState(
            org: org, labels: [ops],
            tasks: [
                task(
                    1, flux: "import \"strings\"\n\noption task = {name: \"cpu\", every: 1h, offset: 5m}\n\nfrom(bucket: \"b\")\n    |> range(start: -1h)\n",
                    description: "Hourly", labels: [ops])
            ])
        let result = try ManifestExporter.export(live, options: ExportOptions())
        XCTAssertEqual(result.files.map(\.path), ["labels.yaml", "tasks/cpu.yaml"])
        XCTAssertEqual(
            result.files[1].contents,
            """
            # yaml-language-server: $schema=https://raw.githubusercontent.com/influxsync/influxsync/v0.1.0/schemas/manifest.schema.json
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu
            spec:
              name: cpu
              description: Hourly
              every: 1h
              offset: 5m
              status: active
              associations:
              - kind: Label
                name: team-ops
              query: |-
                import "strings"

                from(bucket: "b")
                    |> range(start: -1h)

            """)
    }

    /// Names, descriptions, colors and label names holding an invisible character (a no-break space,
    /// a zero-width space, a bidi mark, an ideographic space, …) are written double-quoted, so
    /// the loader never reads one as a typo for a space after `: `: they were written plain,
    /// and the plan of the whole export was refused.
    func testInvisibleCharactersAreQuotedAndReadBack() throws {
        let invisible = ["\u{A0}", "\u{AD}", "\u{200A}", "\u{200B}", "\u{200E}", "\u{202E}", "\u{2060}", "\u{3000}", "\u{FEFF}", "\u{1B}"]
        var labels: [InfluxLabel] = []
        var tasks: [InfluxTask] = []
        for (index, character) in invisible.enumerated() {
            // Label names are stored trimmed (§10.1): the character sits inside the name.
            let l = label(index, "L\(character)\(index)", ["color": "\(character)#abc", "description": "\(character)d"])
            labels.append(l)
            tasks.append(
                task(
                    index, flux: "option task = {name: \(FluxStringLiteral.quote("\(character)t\(index)")), every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n",
                    description: "\(character)d\(character)", labels: [l]))
        }
        let result = try ManifestExporter.export(LiveState(org: org, labels: labels, tasks: tasks), options: ExportOptions())
        let desired = try load(result, liveLabels: labels)
        XCTAssertEqual(desired.tasks.map(\.name).sorted(), tasks.map(\.name).sorted())
        XCTAssertEqual(desired.tasks.map { $0.description ?? "" }.sorted(), invisible.map { "\($0)d\($0)" }.sorted())
        XCTAssertEqual(desired.labels.map(\.name).sorted(), labels.map(\.name).sorted())
        XCTAssertEqual(desired.labels.map { $0.color ?? "" }.sorted(), invisible.map { "\($0)#abc" }.sorted())
        XCTAssertEqual(desired.tasks.flatMap(\.labels).sorted(), labels.map(\.name).sorted())
    }

    /// What no manifest can declare is skipped with a note, so the rest of the export still
    /// plans: a task whose name holds a line break (InfluxDB stores it; the loader refuses it),
    /// and a Cloud script task whose schedule does not read.
    func testTasksNoManifestCanDeclareAreSkippedWithANote() throws {
        var script = InfluxTask(id: "0000000000000777", orgID: org.id, name: "billing", flux: "")
        script.scriptID = "0000000000000001"
        script.every = "not a duration"
        let live = LiveState(
            org: org,
            tasks: [
                task(1, flux: "option task = {name: \"x\\n::error title=pwned::y\", every: 1h}\nx = 1"),
                task(2, flux: "option task = {name: \"CR\\rname\", every: 1h}\nx = 1"),
                task(3, flux: "option task = {name: \"fine\", every: 1h}\nx = 1"),
                script,
            ])
        let result = try ManifestExporter.export(live, options: ExportOptions())
        XCTAssertEqual(result.files.map(\.path), ["tasks/fine.yaml"])
        XCTAssertEqual(
            result.notes,
            [
                "task \"CR\\rname\" (0000000000000102) skipped: its name holds a line break, which no manifest can declare; rename it in InfluxDB to export it",
                "task \"billing\" (0000000000000777) skipped: it runs the invokable script 0000000000000001 on a schedule influxsync cannot read (every \"not a duration\", cron \"\")",
                "task \"x\\n::error title=pwned::y\" (0000000000000101) skipped: its name holds a line break, which no manifest can declare; rename it in InfluxDB to export it",
            ])
        XCTAssertEqual(try load(result, liveLabels: []).tasks.map(\.name), ["fine"])
    }

    /// A Cloud script task is exported with `spec.scriptID`, its parameters (each read back as
    /// the same type) and its schedule from the task's fields, so the plan only adopts it; with
    /// `--format flux` it is written as YAML, with a note. (It was skipped with a note saying it
    /// had no `option task` record.)
    func testScriptTasksAreExportedWithTheirScriptIDAndParameters() throws {
        var billing = InfluxTask(id: "0000000000000777", orgID: org.id, name: "billing daily", description: "bills", flux: "", every: "1h", offset: "5m")
        billing.scriptID = "0000000000000001"
        billing.scriptParameters = [
            "count": .number(3), "ratio": .number(1.5), "flag": .bool(true), "text": .string("true"), "none": .null, "word": .string("hello"),
            // Strings the reader would take for numbers if written plain (they came back as
            // numbers, and NaN crashed the JSON plan).
            "nan": .string("NaN"), "inf": .string("Infinity"), "hex": .string("0x1p3"), "half": .string("-.5"), "i": .string("inf"),
            "n2": .string("nan(0x1)"), "dot": .string(".5"),
        ]
        var nightly = InfluxTask(id: "0000000000000778", orgID: org.id, name: "nightly", flux: "", cron: "0 2 * * *")
        nightly.scriptID = "0000000000000002"
        let live = LiveState(org: org, tasks: [billing, nightly])
        let result = try ManifestExporter.export(live, options: ExportOptions())
        XCTAssertEqual(result.notes, [])
        let desired = try load(result, liveLabels: [])
        let byName = Dictionary(uniqueKeysWithValues: desired.tasks.map { ($0.name, $0) })
        XCTAssertEqual(byName["billing daily"]?.scriptID, "0000000000000001")
        XCTAssertEqual(byName["billing daily"]?.scriptParameters, billing.scriptParameters)
        XCTAssertEqual(byName["billing daily"]?.options.offset, try FluxDuration(parsing: "5m"))
        XCTAssertEqual(byName["nightly"]?.options.schedule, .cron("0 2 * * *"))
        XCTAssertEqual(byName["nightly"]?.scriptParameters, nil)
        let plan = try Planner.plan(desired: desired, live: live)
        XCTAssertEqual(
            plan.changes.map { "\($0.action) \($0.resource.name) \($0.fields.map(\.field))" },
            ["create influxsync [\"name\"]", "adopt billing daily [\"owner label\"]", "adopt nightly [\"owner label\"]"])

        let flux = try ManifestExporter.export(live, options: ExportOptions(format: .flux))
        XCTAssertEqual(flux.files.map(\.path), ["tasks/billing-daily.yaml", "tasks/nightly.yaml"])
        XCTAssertEqual(
            flux.notes,
            ["billing daily", "nightly"].enumerated().map { index, name in
                "task \"\(name)\" (000000000000077\(7 + index)): it runs an invokable script, so it is written as YAML with spec.scriptID (a .flux file holds a Flux script)"
            })
    }

    /// A script parameter that is a list or an object (Cloud keeps any JSON) decodes — one such
    /// task stopped every read of the org's tasks — and the task is skipped by export with a
    /// note, since a manifest cannot declare it.
    func testNestedScriptParametersDecodeAndAreSkippedByExport() throws {
        let json =
            #"{"id":"0000000000000779","orgID":"0000000000000001","name":"nested","flux":"","status":"active","scriptID":"0000000000000003","every":"1h","scriptParameters":{"nested":{"a":[1]},"arr":[]}}"#
        let task = try JSONDecoder().decode(InfluxTask.self, from: Data(json.utf8))
        XCTAssertEqual(task.scriptParameters?["nested"], .object(["a": .array([.number(1)])]))
        XCTAssertEqual(task.scriptParameters?["arr"], .array([]))
        XCTAssertEqual(ScriptParameterValue.describe(task.scriptParameters), #"{"arr": [], "nested": {"a": [1]}}"#)
        let result = try ManifestExporter.export(LiveState(org: org, tasks: [task]), options: ExportOptions())
        XCTAssertEqual(result.files, [])
        XCTAssertEqual(
            result.notes, ["task \"nested\" (0000000000000779) skipped: its script parameter \"arr\" is a list or an object, which a manifest cannot declare"])
    }

    /// JSON has no NaN or infinity: a manifest parameter `.nan` or `1e400` is an error at its
    /// place (it passed validation and crashed `plan --format json`).
    func testNonFiniteScriptParametersAreRefused() {
        let text = """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: billing
            spec:
              every: 1h
              scriptID: "0000000000000001"
              scriptParameters: {a: .nan, b: 1e400, c: "NaN"}

            """
        let loaded = ManifestLoader.load(text: text, path: "t.yml")
        XCTAssertNil(loaded.desired)
        XCTAssertEqual(
            loaded.diagnostics.filter { $0.severity == .error }.map(\.message),
            [
                "script parameter `a` is `.nan`, not a finite number: JSON has no NaN or infinity",
                "script parameter `b` is `1e400`, not a finite number: JSON has no NaN or infinity",
            ])
    }

    /// A name two live tasks share is pinned with `spec.id` even when a filter leaves one of
    /// them out (the plan matches names against every task of the org), and with `--format
    /// flux` such a task is written as YAML (a `.flux` file cannot hold an ID), with a note.
    func testSharedNamesArePinnedWhateverTheFilterAndFormat() throws {
        let ops = label(1, "ops")
        let live = LiveState(
            org: org, labels: [ops],
            tasks: [
                task(1, flux: "option task = {name: \"dup\", every: 1h}\nx = 1", labels: [ops]),
                task(2, flux: "option task = {name: \"dup\", every: 1h}\ny = 2"),
                task(3, flux: "option task = {name: \"Caf\u{E9}\", every: 1h}\nx = 1", labels: [ops]),
                task(4, flux: "option task = {name: \"Cafe\u{301}\", every: 1h}\nx = 1"),
                task(5, flux: "option task = {name: \"solo\", every: 1h}\nx = 1", labels: [ops]),
            ])
        let filtered = try ManifestExporter.export(live, options: ExportOptions(labels: ["ops"]))
        XCTAssertEqual(filtered.files.map(\.path), ["labels.yaml", "tasks/cafe.yaml", "tasks/dup.yaml", "tasks/solo.yaml"])
        let contents = Dictionary(uniqueKeysWithValues: filtered.files.map { ($0.path, $0.contents) })
        XCTAssertTrue(
            contents["tasks/dup.yaml"]!.contains("  id: '0000000000000101'\n") || contents["tasks/dup.yaml"]!.contains("  id: \"0000000000000101\"\n"), contents["tasks/dup.yaml"]!)
        XCTAssertTrue(contents["tasks/cafe.yaml"]!.contains("0000000000000103"), contents["tasks/cafe.yaml"]!)
        XCTAssertFalse(contents["tasks/solo.yaml"]!.contains("id:"), contents["tasks/solo.yaml"]!)

        let flux = try ManifestExporter.export(live, options: ExportOptions(format: .flux))
        XCTAssertEqual(
            flux.files.map(\.path),
            ["labels.yaml", "tasks/cafe.yaml", "tasks/cafe-2.yaml", "tasks/dup.yaml", "tasks/dup-2.yaml", "tasks/solo.flux"])
        XCTAssertEqual(
            flux.notes.filter { $0.contains("shared") },
            ["0000000000000103", "0000000000000104", "0000000000000101", "0000000000000102"].enumerated().map { index, id in
                let name = ["Caf\u{E9}", "Cafe\u{301}", "dup", "dup"][index]
                return "task \"\(name)\" (\(id)): its name is shared with another task, so it is written as YAML with spec.id (a .flux file cannot pin an ID)"
            })
        let desired = try load(flux, liveLabels: [ops])
        XCTAssertEqual(desired.tasks.compactMap(\.pinnedID).sorted(), ["0000000000000101", "0000000000000102", "0000000000000103", "0000000000000104"])
    }

    func testFiltersAndOwnership() throws {
        let owner = label(9, "influxsync", [Ownership.roleProperty: Ownership.ownerLabelRole])
        let ops = label(1, "Ops")
        let other = label(2, "Other")
        let live = LiveState(
            org: org, labels: [owner, ops, other],
            tasks: [
                task(1, flux: "option task = {name: \"cpu-a\", every: 1h}\nx = 1", labels: [owner, ops]),
                task(2, flux: "option task = {name: \"cpu-b\", every: 1h}\nx = 1"),
                task(3, flux: "option task = {name: \"mem\", every: 1h}\nx = 1", labels: [ops]),
                InfluxTask(id: "0000000000000999", orgID: org.id, name: "broken", flux: "from(bucket: \"b\""),
            ])
        func names(_ options: ExportOptions) throws -> [String] {
            try ManifestExporter.export(live, options: options).files.map(\.path)
        }
        XCTAssertEqual(try names(ExportOptions(ownership: .owned)), ["labels.yaml", "tasks/cpu-a.yaml"])
        XCTAssertEqual(try names(ExportOptions(ownership: .unowned)), ["labels.yaml", "tasks/cpu-b.yaml", "tasks/mem.yaml"])
        XCTAssertEqual(try names(ExportOptions(labels: [" ops "])), ["labels.yaml", "tasks/cpu-a.yaml", "tasks/mem.yaml"])
        XCTAssertEqual(try names(ExportOptions(namePattern: "^cpu-")), ["labels.yaml", "tasks/cpu-a.yaml", "tasks/cpu-b.yaml"])
        XCTAssertEqual(try names(ExportOptions(namePattern: "b$")), ["tasks/cpu-b.yaml"])
        XCTAssertEqual(try names(ExportOptions(format: .flux)), ["labels.yaml", "tasks/cpu-a.flux", "tasks/cpu-b.flux", "tasks/mem.flux"])
        XCTAssertEqual(try names(ExportOptions(singleFile: true)), ["manifests.yaml"])
        let all = try ManifestExporter.export(live, options: ExportOptions())
        XCTAssertEqual(all.notes, ["task \"broken\" (0000000000000999) skipped: its script is not valid Flux (( is never closed at 1:5)"])
        XCTAssertFalse(all.files[0].contents.dropFirst(ManifestSchema.modeline.count).contains("influxsync"), "the owner label is never exported")
        XCTAssertThrowsError(try ManifestExporter.export(live, options: ExportOptions(namePattern: "(")))
    }

    func testSlugCollisionsAreNumbered() {
        var slugs = ExportSlugs(fallback: "task")
        XCTAssertEqual(
            ["CPU load", "cpu-load", "cpu_load", "温度", "温度", String(repeating: "a", count: 80)].map { slugs.claim($0) },
            ["cpu-load", "cpu-load-2", "cpu-load-3", "task", "task-2", String(repeating: "a", count: 63)])
    }
}
