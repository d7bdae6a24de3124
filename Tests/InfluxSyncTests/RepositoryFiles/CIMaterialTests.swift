import Foundation
import XCTest

/// The files a team copies (the example CI files, the pre-commit hook, the Dockerfile, README)
/// keep the promises of README "In CI": one obvious owner placeholder, GitLab's manual gate and
/// one note updated in place, the drift report once, labelled images, a hook that runs
/// `validate`, and README's sections in the order a team needs them.
final class CIMaterialTests: XCTestCase {
    private func text(_ path: String) throws -> String {
        try String(contentsOf: CIFixtures.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    private func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The lines of the job `name:` (a top-level key) up to the next top-level key.
    private func job(_ name: String, in yaml: String) -> [String] {
        let lines = yaml.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "\(name):") else { return [] }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex { !$0.isEmpty && !$0.hasPrefix(" ") && !$0.hasPrefix("#") } ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    func testNoCopiedFileCarriesAnOldPlaceholder() throws {
        let placeholder = "your" + "-org"
        let root = CIFixtures.repositoryRoot
        let folders = ["examples", "scripts", "setup", ".github", "docs"]
        var files = ["README.md", "action.yml", "Dockerfile", ".pre-commit-hooks.yaml", "CONTRIBUTING.md"]
        for folder in folders {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let path = enumerator?.nextObject() as? String { files.append("\(folder)/\(path)") }
        }
        var offenders: [String] = []
        for file in files {
            guard let contents = try? text(file) else { continue }  // folders and binary files
            if contents.contains(placeholder) { offenders.append(file) }
        }
        XCTAssertEqual(offenders, [], "the placeholder is OWNER, named in one place per file")
        XCTAssertGreaterThan(files.count, 20)
    }

    func testGitLabNamesTheOwnerOnceGatesApplyByHandAndUpdatesOneNote() throws {
        let gitlab = try text("examples/ci/.gitlab-ci.yml")
        let uncommented = gitlab.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.joined(separator: "\n")
        XCTAssertEqual(count("OWNER", in: uncommented), 1)
        XCTAssertTrue(uncommented.contains("  INFLUXSYNC_IMAGE: ghcr.io/OWNER/influxsync:0.1.0\n"))
        let apply = job("apply", in: gitlab)
        XCTAssertTrue(apply.contains("      when: manual"), apply.joined(separator: "\n"))
        XCTAssertTrue(apply.contains("    - influxsync apply plan.json"))
        XCTAssertTrue(apply.contains("      if [ \"$HAS_CHANGES\" != true ]; then"))
        let note = job("plan:note", in: gitlab).joined(separator: "\n")
        XCTAssertTrue(note.contains("      when: always"), "the note is written when the plan failed too")
        XCTAssertTrue(note.contains(#"id=$(echo "$notes" | jq -r --arg m "$PLAN_NOTE_MARKER" 'map(select(.body | startswith($m))) | .[0].id // empty')"#))
        XCTAssertEqual(count("--request PUT", in: note), 1, "an existing note is edited in place")
        XCTAssertEqual(count("--request POST", in: note), 1, "a note is posted only when none carries the marker")
        XCTAssertTrue(gitlab.contains(#"  PLAN_NOTE_MARKER: "<!-- influxsync-plan target=default -->""#))
    }

    func testTheExampleWorkflowsDriftJobWritesItsReportOnce() throws {
        let workflow = try text("examples/ci/.github/workflows/influxsync.yml")
        let drift = workflow.components(separatedBy: "\n  drift:\n").last ?? ""
        XCTAssertTrue(drift.contains("run: influxsync drift influx/ --format markdown --fail-on drift,failing,missed > drift.md"))
        XCTAssertEqual(
            count("GITHUB_STEP_SUMMARY", in: drift.components(separatedBy: "\n").filter { !$0.contains("#") }.joined(separator: "\n")), 0,
            "influxsync appends the report to the job summary itself; the workflow must not add it again")
    }

    func testTheImageCarriesTheOCILabels() throws {
        let dockerfile = try text("Dockerfile")
        for label in ["title", "description", "version", "revision", "source", "url", "documentation", "created", "base.name"] {
            XCTAssertTrue(dockerfile.contains("org.opencontainers.image.\(label)="), label)
        }
        XCTAssertTrue(dockerfile.contains(#"org.opencontainers.image.version="${VERSION}""#))
        XCTAssertTrue(dockerfile.contains(#"org.opencontainers.image.revision="${COMMIT}""#))
    }

    func testThePreCommitHookValidatesManifestFiles() throws {
        let hooks = try text(".pre-commit-hooks.yaml")
        let entries = hooks.components(separatedBy: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        XCTAssertEqual(
            entries,
            [
                "- id: influxsync-validate",
                "  name: influxsync validate",
                "  description: Check InfluxDB task and label manifests offline (influxsync validate).",
                "  entry: influxsync validate",
                "  language: system",
                "  pass_filenames: false",
                #"  files: \.(ya?ml|json|flux)$"#,
                #"  args: ["."]"#,
            ])
        let files = try NSRegularExpression(pattern: #"\.(ya?ml|json|flux)$"#)
        func matches(_ name: String) -> Bool { files.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil }
        XCTAssertEqual(
            ["influx/cpu.yaml", "influx/cpu.yml", "labels.json", "tasks/nightly.flux", "README.md", "build.jsonnet"].map(matches),
            [true, true, true, true, false, false])
    }

    func testREADMELeadsWithWhatATeamDoesFirst() throws {
        let headings = try text("README.md").components(separatedBy: "\n").filter { $0.hasPrefix("## ") }
        XCTAssertEqual(
            Array(headings.prefix(7)),
            [
                "## Why",
                "## Install",
                "## Quick start",
                "## Bring an org into git, many environments: export, targets, env files",
                "## In CI: saved plans, formats, drift",
                "## The token: least privilege",
                "## Commands",
            ])
        XCTAssertEqual(Array(headings.suffix(3)), ["## Tests", "## Layout", "## Development"])
    }

    func testBothActionsInstallFromTheRepositoryAndRefTheyWereLoadedFrom() throws {
        for (file, script) in [
            ("action.yml", #"      run: '"$GITHUB_ACTION_PATH/scripts/action/install.sh"'"#),
            ("setup/action.yml", #"      run: '"$GITHUB_ACTION_PATH/../scripts/action/install.sh"'"#),
        ] {
            let lines = try text(file).components(separatedBy: "\n")
            let start = try XCTUnwrap(lines.firstIndex(of: "    - name: Install influxsync"), file)
            let step = lines[start...].prefix { $0 != script } + [script]
            for wiring in [
                "        ACTION_REPOSITORY: ${{ github.action_repository }}", "        ACTION_REF: ${{ github.action_ref }}",
                "        ACTION_PATH: ${{ github.action_path }}", "        INFLUXSYNC_VERSION: ${{ inputs.version }}",
            ] {
                XCTAssertTrue(step.contains(wiring), "\(file): \(wiring)")
            }
            XCTAssertFalse(try text(file).contains("repository:\n"), "\(file) takes no repository input: it downloads from where it was loaded")
        }
    }
}
