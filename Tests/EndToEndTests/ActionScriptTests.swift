import Foundation
import XCTest

/// Issue 17: the GitHub Action finds its own release. `action.yml` and `setup/action.yml` run
/// `scripts/action/install.sh`, which asks `scripts/action/release-url.sh` what to download;
/// the pull-request comment is `scripts/action/comment.sh`. These tests run the scripts as the
/// runner does, with only the variables the action passes them.
final class ActionScriptTests: XCTestCase {
    struct ScriptResult: CustomStringConvertible {
        var exitCode: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(exitCode)\n--- stdout\n\(stdout)--- stderr\n\(stderr)---" }
    }

    static var scripts: URL { CLIProcess.packageRoot.appendingPathComponent("scripts/action") }

    /// Runs `scripts/action/NAME` with exactly `environment` (plus PATH), like a composite step.
    func runScript(_ name: String, _ environment: [String: String], path: String? = nil) throws -> ScriptResult {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("influxsync-action-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.scripts.appendingPathComponent(name).path]
        var env = ["PATH": path ?? "/usr/local/bin:/usr/bin:/bin"]
        env.merge(environment) { _, new in new }
        process.environment = env
        process.currentDirectoryURL = scratch
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ScriptResult(
            exitCode: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    func releaseURL(_ environment: [String: String]) throws -> ScriptResult {
        try runScript("release-url.sh", environment)
    }

    // MARK: - release-url.sh

    func testTagRefIsTheVersionAndTheActionRepositoryTheSource() throws {
        let result = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v1.4.2", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertEqual(
            result.stdout,
            """
            repository=acme/influxsync
            version=1.4.2
            file=influxsync-1.4.2-linux-x86_64.tar.gz
            url=https://github.com/acme/influxsync/releases/download/v1.4.2/influxsync-1.4.2-linux-x86_64.tar.gz
            sums-url=https://github.com/acme/influxsync/releases/download/v1.4.2/SHA256SUMS

            """)
        XCTAssertEqual(result.stderr, "")
    }

    func testArchitecturesMapToTheReleaseNames() throws {
        let cases: [(os: String, arch: String, file: String)] = [
            ("Linux", "X64", "influxsync-0.3.0-linux-x86_64.tar.gz"),
            ("Linux", "ARM64", "influxsync-0.3.0-linux-arm64.tar.gz"),
            ("macOS", "ARM64", "influxsync-0.3.0-macos-arm64.tar.gz"),
        ]
        for c in cases {
            let result = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v0.3.0", "RUNNER_OS": c.os, "RUNNER_ARCH": c.arch])
            XCTAssertEqual(result.exitCode, 0, "\(c): \(result)")
            XCTAssertTrue(result.stdout.contains("\nfile=\(c.file)\nurl=https://github.com/acme/influxsync/releases/download/v0.3.0/\(c.file)\n"), "\(c): \(result)")
        }
        // Without RUNNER_OS/RUNNER_ARCH (outside a runner), uname's names map the same way.
        for (uname, arch) in [("x86_64", "x86_64"), ("aarch64", "arm64"), ("arm64", "arm64"), ("amd64", "x86_64")] {
            let result = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v0.3.0", "RUNNER_OS": "Linux", "RUNNER_ARCH": uname])
            XCTAssertTrue(result.stdout.contains("\nfile=influxsync-0.3.0-linux-\(arch).tar.gz\n"), "\(uname): \(result)")
        }
        let intelMac = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v0.3.0", "RUNNER_OS": "macOS", "RUNNER_ARCH": "X64"])
        XCTAssertEqual(intelMac.exitCode, 1, "\(intelMac)")
        XCTAssertEqual(intelMac.stdout, "")
        XCTAssertEqual(
            intelMac.stderr,
            """
            error: no influxsync release for macOS on x86_64 (macOS releases are arm64 only)
              hint: use an arm64 macOS runner (macos-15) or a Linux runner

            """)
        let other = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v0.3.0", "RUNNER_OS": "Linux", "RUNNER_ARCH": "ARM"])
        XCTAssertEqual(other.exitCode, 1, "\(other)")
        XCTAssertEqual(
            other.stderr,
            """
            error: no influxsync release for linux/ARM
              hint: build from source: swift build -c release --product influxsync

            """)
        let windows = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v0.3.0", "RUNNER_OS": "Windows", "RUNNER_ARCH": "X64"])
        XCTAssertEqual(windows.exitCode, 1, "\(windows)")
        XCTAssertEqual(
            windows.stderr,
            """
            error: no influxsync release for Windows
              hint: build from source: swift build -c release --product influxsync

            """)
    }

    func testVersionInputOverridesTheRef() throws {
        for version in ["2.0.1", "v2.0.1"] {
            for ref in ["v1.4.2", "main", "0123456789abcdef0123456789abcdef01234567"] {
                let result = try releaseURL([
                    "ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": ref, "INFLUXSYNC_VERSION": version,
                    "RUNNER_OS": "Linux", "RUNNER_ARCH": "ARM64",
                ])
                XCTAssertEqual(result.exitCode, 0, "\(version) at \(ref): \(result)")
                XCTAssertEqual(
                    result.stdout,
                    """
                    repository=acme/influxsync
                    version=2.0.1
                    file=influxsync-2.0.1-linux-arm64.tar.gz
                    url=https://github.com/acme/influxsync/releases/download/v2.0.1/influxsync-2.0.1-linux-arm64.tar.gz
                    sums-url=https://github.com/acme/influxsync/releases/download/v2.0.1/SHA256SUMS

                    """, "\(version) at \(ref)")
            }
        }
    }

    func testABranchOrCommitWithoutAVersionIsAClearError() throws {
        let branch = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "main", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"])
        XCTAssertEqual(branch.exitCode, 1, "\(branch)")
        XCTAssertEqual(branch.stdout, "")
        XCTAssertEqual(
            branch.stderr,
            """
            error: influxsync was loaded from acme/influxsync@main, which is not a release tag (vX.Y.Z), so the release to install is unknown
              hint: use a release tag (uses: acme/influxsync@v0.1.0) or set the input `version: 0.1.0`

            """)
        // A major-version tag such as v1 is not a release either.
        let major = try releaseURL(["ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v1", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"])
        XCTAssertEqual(major.exitCode, 1, "\(major)")
        XCTAssertTrue(major.stderr.hasPrefix("error: influxsync was loaded from acme/influxsync@v1, which is not a release tag (vX.Y.Z)"), "\(major)")
        // Run from the workflow's own checkout (uses: ./): no ref at all.
        let local = try releaseURL(["GITHUB_REPOSITORY": "acme/influxsync", "ACTION_PATH": "/home/runner/work/influxsync/influxsync", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"])
        XCTAssertEqual(local.exitCode, 1, "\(local)")
        XCTAssertEqual(
            local.stderr,
            """
            error: influxsync was not loaded from a release tag, so the release to install is unknown
              hint: use a release tag (uses: acme/influxsync@v0.1.0) or set the input `version: 0.1.0`

            """)
        let localWithVersion = try releaseURL([
            "GITHUB_REPOSITORY": "acme/influxsync", "ACTION_PATH": "/home/runner/work/influxsync/influxsync",
            "INFLUXSYNC_VERSION": "0.9.0", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
        ])
        XCTAssertEqual(localWithVersion.exitCode, 0, "\(localWithVersion)")
        XCTAssertTrue(
            localWithVersion.stdout.contains("\nurl=https://github.com/acme/influxsync/releases/download/v0.9.0/influxsync-0.9.0-linux-x86_64.tar.gz\n"), "\(localWithVersion)")
        // A version input that is not X.Y.Z never reaches a URL or a path.
        let bad = try releaseURL([
            "ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v1.0.0", "INFLUXSYNC_VERSION": "1.0.0/../../x", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
        ])
        XCTAssertEqual(bad.exitCode, 1, "\(bad)")
        XCTAssertEqual(bad.stdout, "")
        XCTAssertEqual(
            bad.stderr,
            """
            error: version '1.0.0/../../x' is not a release version (X.Y.Z)
              hint: set the input `version: 0.1.0`, or leave it empty to install the release of the action's tag

            """)
    }

    /// The runner leaves `github.action_repository`/`action_ref` empty in some composite steps;
    /// the action's own path, `_actions/OWNER/NAME/REF[/setup]`, tells the same.
    func testTheActionPathStandsInForEmptyActionVariables() throws {
        for path in ["/home/runner/work/_actions/acme/influxsync/v0.5.1", "/home/runner/work/_actions/acme/influxsync/v0.5.1/setup"] {
            let result = try releaseURL([
                "ACTION_REPOSITORY": "", "ACTION_REF": "", "ACTION_PATH": path, "GITHUB_REPOSITORY": "someone/else",
                "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
            ])
            XCTAssertEqual(result.exitCode, 0, "\(path): \(result)")
            XCTAssertEqual(
                result.stdout,
                """
                repository=acme/influxsync
                version=0.5.1
                file=influxsync-0.5.1-linux-x86_64.tar.gz
                url=https://github.com/acme/influxsync/releases/download/v0.5.1/influxsync-0.5.1-linux-x86_64.tar.gz
                sums-url=https://github.com/acme/influxsync/releases/download/v0.5.1/SHA256SUMS

                """, path)
        }
    }

    func testGitHubEnterpriseServerURL() throws {
        let result = try releaseURL([
            "ACTION_REPOSITORY": "platform/influxsync", "ACTION_REF": "v1.0.0", "GITHUB_SERVER_URL": "https://git.example.com",
            "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
        ])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertTrue(
            result.stdout.hasSuffix(
                """
                url=https://git.example.com/platform/influxsync/releases/download/v1.0.0/influxsync-1.0.0-linux-x86_64.tar.gz
                sums-url=https://git.example.com/platform/influxsync/releases/download/v1.0.0/SHA256SUMS

                """), "\(result)")
    }

    // MARK: - install.sh

    /// A fake release laid out as GitHub serves it, read through file:// URLs.
    func makeRelease(version: String, file: String) throws -> (server: URL, sums: String) {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("influxsync-release-\(UUID().uuidString)")
        let download = root.appendingPathComponent("acme/influxsync/releases/download/v\(version)")
        let stage = root.appendingPathComponent("stage")
        try fm.createDirectory(at: download, withIntermediateDirectories: true)
        try fm.createDirectory(at: stage.appendingPathComponent("completions"), withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"influxsync \(version) (commit 0123456789ab)\"\n".write(to: stage.appendingPathComponent("influxsync"), atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stage.appendingPathComponent("influxsync").path)
        try "complete -F _influxsync influxsync\n".write(to: stage.appendingPathComponent("completions/influxsync.bash"), atomically: true, encoding: .utf8)
        let tar = try runTool("/bin/tar", ["-C", stage.path, "-czf", download.appendingPathComponent(file).path, "influxsync", "completions"])
        XCTAssertEqual(tar.exitCode, 0, "\(tar)")
        let sum = try runTool("/usr/bin/sha256sum", [file], directory: download)
        XCTAssertEqual(sum.exitCode, 0, "\(sum)")
        try ("0000000000000000000000000000000000000000000000000000000000000000  influxsync-\(version)-linux-other.tar.gz\n" + sum.stdout)
            .write(to: download.appendingPathComponent("SHA256SUMS"), atomically: true, encoding: .utf8)
        // An arm64 tarball that SHA256SUMS does not list.
        try FileManager.default.copyItem(
            at: download.appendingPathComponent(file),
            to: download.appendingPathComponent(file.replacingOccurrences(of: "x86_64", with: "arm64")))
        return (root, String(sum.stdout.prefix(64)))
    }

    func runTool(_ tool: String, _ arguments: [String], directory: URL? = nil) throws -> ScriptResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ScriptResult(exitCode: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func testInstallChecksTheSumsUnpacksAndAddsToThePath() throws {
        let (server, sum) = try makeRelease(version: "1.2.3", file: "influxsync-1.2.3-linux-x86_64.tar.gz")
        defer { try? FileManager.default.removeItem(at: server) }
        let temp = server.appendingPathComponent("runner-temp")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        let githubPath = temp.appendingPathComponent("github_path"), githubOutput = temp.appendingPathComponent("github_output")
        let env = [
            "ACTION_REPOSITORY": "acme/influxsync", "ACTION_REF": "v1.2.3", "GITHUB_SERVER_URL": server.absoluteString.trimmingSuffix("/"),
            "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "RUNNER_TEMP": temp.path,
            "GITHUB_PATH": githubPath.path, "GITHUB_OUTPUT": githubOutput.path,
        ]
        let result = try runScript("install.sh", env)
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        let dir = temp.appendingPathComponent("influxsync-1.2.3").path
        XCTAssertEqual(
            result.stdout,
            """
            Installing influxsync 1.2.3 from \(server.absoluteString.trimmingSuffix("/"))/acme/influxsync/releases/download/v1.2.3/influxsync-1.2.3-linux-x86_64.tar.gz
            influxsync 1.2.3 (commit 0123456789ab)

            """)
        XCTAssertEqual(try String(contentsOf: githubPath, encoding: .utf8), "\(dir)\n")
        XCTAssertEqual(try String(contentsOf: githubOutput, encoding: .utf8), "version=1.2.3\npath=\(dir)/influxsync\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["completions", "influxsync"])

        // A pin that matches installs; one that does not installs nothing.
        let pinned = try runScript("install.sh", env.merging(["INFLUXSYNC_SHA256": sum, "RUNNER_TEMP": temp.appendingPathComponent("pinned").path]) { _, new in new })
        XCTAssertEqual(pinned.exitCode, 0, "\(pinned)")
        let wrong = String(repeating: "a", count: 64)
        let refusedTemp = temp.appendingPathComponent("refused")
        let refused = try runScript("install.sh", env.merging(["INFLUXSYNC_SHA256": wrong, "RUNNER_TEMP": refusedTemp.path]) { _, new in new })
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        XCTAssertEqual(refused.stderr, "error: influxsync-1.2.3-linux-x86_64.tar.gz has SHA-256 \(sum), but the sha256 input says \(wrong); nothing was installed\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: refusedTemp.appendingPathComponent("influxsync-1.2.3").path), [])

        // A tarball that SHA256SUMS does not list is not unpacked.
        let armTemp = temp.appendingPathComponent("arm")
        let arm = try runScript("install.sh", env.merging(["RUNNER_ARCH": "ARM64", "RUNNER_TEMP": armTemp.path]) { _, new in new })
        XCTAssertEqual(arm.exitCode, 1, "\(arm)")
        XCTAssertEqual(
            arm.stderr,
            "error: \(server.absoluteString.trimmingSuffix("/"))/acme/influxsync/releases/download/v1.2.3/SHA256SUMS lists no checksum for influxsync-1.2.3-linux-arm64.tar.gz; nothing was installed\n"
        )
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: armTemp.appendingPathComponent("influxsync-1.2.3").path), [])
    }

    // MARK: - comment.sh

    /// A stand-in for `gh` that logs each call and serves `comments` (JSON) through the real jq
    /// for `--jq`, as gh does.
    func makeFakeGH(comments: String) throws -> (bin: URL, log: URL) {
        let fm = FileManager.default
        let bin = fm.temporaryDirectory.appendingPathComponent("influxsync-gh-\(UUID().uuidString)")
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = bin.appendingPathComponent("calls.log")
        try comments.write(to: bin.appendingPathComponent("comments.json"), atomically: true, encoding: .utf8)
        let script = """
            #!/usr/bin/env bash
            set -euo pipefail
            here=$(cd "$(dirname "$0")" && pwd)
            args=("$@")
            echo "gh $*" >> "$here/calls.log"
            for ((i = 0; i < ${#args[@]}; i++)); do
                case "${args[$i]}" in
                    --jq) jq -r "${args[$((i + 1))]}" "$here/comments.json"; exit 0 ;;
                    body=@*) cp "${args[$i]#body=@}" "$here/body.md" ;;
                esac
            done

            """
        try script.write(to: bin.appendingPathComponent("gh"), atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("gh").path)
        return (bin, log)
    }

    func commentEnvironment(_ extra: [String: String]) -> [String: String] {
        ["GH_TOKEN": "t", "GITHUB_REPOSITORY": "acme/infra", "PR": "42", "RUN_URL": "https://github.com/acme/infra/actions/runs/7"]
            .merging(extra) { _, new in new }
    }

    func testCommentIsFoundByItsTargetMarkerAndEditedInPlace() throws {
        let comments = #"""
            [{"id": 11, "body": "LGTM"},
             {"id": 12, "body": "<!-- influxsync-plan target=staging -->\n## influxsync plan"},
             {"id": 13, "body": "> <!-- influxsync-plan target=prod -->\n> quoted by a reviewer"},
             {"id": 14, "body": "<!-- influxsync-plan target=prod -->\n## influxsync plan\n\nold"}]
            """#
        let (bin, log) = try makeFakeGH(comments: comments)
        defer { try? FileManager.default.removeItem(at: bin) }
        let plan = bin.appendingPathComponent("plan.md")
        try "## influxsync plan\n\n**Plan: 1 to add, 0 to change, 0 to destroy.**\n".write(to: plan, atomically: true, encoding: .utf8)
        let result = try runScript(
            "comment.sh", commentEnvironment(["TARGET": "prod", "EXIT_CODE": "2", "PLAN_MARKDOWN": plan.path]),
            path: "\(bin.path):/usr/local/bin:/usr/bin:/bin")
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertEqual(result.stdout, "Updated the plan comment 14 (target prod)\n")
        let calls = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(calls.count, 2, "\(calls)")
        XCTAssertTrue(calls[0].hasPrefix("gh api --paginate repos/acme/infra/issues/42/comments --jq "), calls[0])
        XCTAssertTrue(calls[1].hasPrefix("gh api --method PATCH repos/acme/infra/issues/comments/14 -F body=@"), calls[1])
        XCTAssertEqual(
            try String(contentsOf: bin.appendingPathComponent("body.md"), encoding: .utf8),
            """
            <!-- influxsync-plan target=prod -->
            **Target `prod`**

            ## influxsync plan

            **Plan: 1 to add, 0 to change, 0 to destroy.**

            """)
    }

    func testFirstCommentIsCreatedAndAFailedPlanReplacesTheOldOne() throws {
        let (bin, log) = try makeFakeGH(comments: #"[{"id": 11, "body": "<!-- influxsync-plan target=staging -->\nplan"}]"#)
        defer { try? FileManager.default.removeItem(at: bin) }
        let plan = bin.appendingPathComponent("plan.md")
        try "## influxsync plan\n\nNo changes.\n".write(to: plan, atomically: true, encoding: .utf8)
        let created = try runScript(
            "comment.sh", commentEnvironment(["EXIT_CODE": "0", "PLAN_MARKDOWN": plan.path]),
            path: "\(bin.path):/usr/local/bin:/usr/bin:/bin")
        XCTAssertEqual(created.exitCode, 0, "\(created)")
        XCTAssertEqual(created.stdout, "Posted the plan comment (target default)\n")
        let calls = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertTrue(calls[1].hasPrefix("gh api --method POST repos/acme/infra/issues/42/comments -F body=@"), "\(calls)")
        XCTAssertEqual(
            try String(contentsOf: bin.appendingPathComponent("body.md"), encoding: .utf8),
            "<!-- influxsync-plan target=default -->\n## influxsync plan\n\nNo changes.\n")

        // The plan failed: the comment says so, with the error, instead of keeping the old plan.
        try #"[{"id": 21, "body": "<!-- influxsync-plan target=staging -->\n## influxsync plan\n\nNo changes."}]"#
            .write(to: bin.appendingPathComponent("comments.json"), atomically: true, encoding: .utf8)
        let stderr = bin.appendingPathComponent("plan.stderr")
        try "error: cannot read the live state: GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access\n".write(to: stderr, atomically: true, encoding: .utf8)
        let failed = try runScript(
            "comment.sh", commentEnvironment(["TARGET": "staging", "EXIT_CODE": "1", "PLAN_MARKDOWN": plan.path, "PLAN_STDERR": stderr.path]),
            path: "\(bin.path):/usr/local/bin:/usr/bin:/bin")
        XCTAssertEqual(failed.exitCode, 0, "\(failed)")
        XCTAssertEqual(failed.stdout, "Updated the plan comment 21 (target staging)\n")
        XCTAssertEqual(
            try String(contentsOf: bin.appendingPathComponent("body.md"), encoding: .utf8),
            """
            <!-- influxsync-plan target=staging -->
            **Target `staging`**

            ## influxsync plan failed

            `influxsync plan` exited with status 1, so there is no plan for this commit.

            ~~~~text
            error: cannot read the live state: GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access
            ~~~~

            See the [job log](https://github.com/acme/infra/actions/runs/7).

            """)

        // influxsync did not run at all (the install step failed).
        let notRun = try runScript("comment.sh", commentEnvironment(["TARGET": "staging", "EXIT_CODE": ""]), path: "\(bin.path):/usr/local/bin:/usr/bin:/bin")
        XCTAssertEqual(notRun.exitCode, 0, "\(notRun)")
        XCTAssertTrue(
            try String(contentsOf: bin.appendingPathComponent("body.md"), encoding: .utf8).contains(
                "## influxsync plan failed\n\ninfluxsync did not run (an earlier step failed), so there is no plan for this commit.\n"))
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
