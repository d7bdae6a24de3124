import AsyncHTTPClient
import Foundation
import NIOCore
import XCTest

/// Issue 18 item 7: what influxsync leaves readable or reachable by others — saved plans
/// (0600), a token file others can read (warned about), a sandbox bound beyond loopback (its
/// control API needs a token).
final class ExposureTests: SandboxTestCase {
    func mode(_ path: String) throws -> Int {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o7777
    }

    func testSavedPlanIsReadableByItsOwnerAlone() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        let out = try Workspace()
        let file = out.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", file])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(try mode(file), 0o600)
        // Over an existing world-readable file too: the new file replaces it.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let again = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", file])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
        XCTAssertEqual(try mode(file), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path()), ["plan.json"], "no temporary file is left")
        let apply = try await sandbox.cli("apply", [file])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
    }

    /// `--out` naming one of the manifests (or any file influxsync did not write) is refused,
    /// the file left as it was; an earlier saved plan is replaced (above).
    func testSavingAPlanOverAManifestIsRefused() async throws {
        let manifest = try workspace.write("main.yml", Manifests.task("cpu"))
        let plan = try await sandbox.cli("plan", [workspace.path(), "--out", manifest])
        XCTAssertEqual(plan.exitCode, 1, "\(plan)")
        XCTAssertEqual(
            plan.stderr,
            """
            error: will not write the saved plan over \(manifest): it is not a plan or report influxsync wrote
              hint: pass a new path with --out, e.g. --out plan.json, or remove the file first

            """)
        XCTAssertEqual(try String(contentsOfFile: manifest, encoding: .utf8), Manifests.task("cpu"))

        // Nor over what is not a regular file (a FIFO, a link such as /dev/stdout: the rename
        // would replace it), nor the sandbox's state, nor a file named "-".
        let out = try Workspace()
        XCTAssertEqual(mkfifo(out.path("fifo"), 0o600), 0)
        try FileManager.default.createSymbolicLink(atPath: out.path("link"), withDestinationPath: "/dev/null")
        let state = out.path("state.json")
        try Data(#"{"formatVersion": 1, "orgs": [], "tokens": [], "tasks": [], "labels": []}"#.utf8).write(to: URL(fileURLWithPath: state))
        for (path, why) in [
            (out.path("fifo"), "it is not a regular file"), (out.path("link"), "it is not a regular file"), (state, "it is the sandbox state file"),
        ] {
            let refused = try await sandbox.cli("plan", [workspace.path(), "--out", path])
            XCTAssertEqual(refused.exitCode, 1, "\(refused)")
            XCTAssertEqual(
                refused.stderr,
                "error: will not write the saved plan over \(path): \(why)\n  hint: pass a new path with --out, e.g. --out plan.json, or remove the file first\n")
        }
        var status = stat()
        XCTAssertEqual(lstat(out.path("fifo"), &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the FIFO is still one")
        let dash = try await sandbox.cli("plan", [workspace.path(), "--out", "-"])
        XCTAssertEqual(dash.exitCode, 1, "\(dash)")
        XCTAssertTrue(dash.stderr.hasPrefix("error: --out - would write the saved plan to a file named \"-\""), dash.stderr)
    }

    func testTokenFileOthersCanReadIsWarnedAbout() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        let secrets = try Workspace()
        try secrets.write("token", SandboxHarness.token + "\n")
        let tokenFile = secrets.path("token")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile)
        let arguments = ["plan", workspace.path("main.yml"), "--host", sandbox.baseURL, "--token-file", tokenFile, "--org", SandboxHarness.org]
        let loose = try await CLIProcess.run(arguments, environment: ["NO_COLOR": "1"])
        XCTAssertEqual(loose.exitCode, 0, "\(loose)")
        XCTAssertEqual(
            loose.stderr,
            """
            warning: the token file \(tokenFile) can be read by other users (mode 0644)
              hint: make it readable by you alone with: chmod 600 \(tokenFile)

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: tokenFile)
        let group = try await CLIProcess.run(arguments, environment: ["NO_COLOR": "1"])
        XCTAssertTrue(group.stderr.hasPrefix("warning: the token file \(tokenFile) can be read by other users (mode 0640)\n"), "\(group)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
        let tight = try await CLIProcess.run(arguments, environment: ["NO_COLOR": "1"])
        XCTAssertEqual(tight.exitCode, 0, "\(tight)")
        XCTAssertEqual(tight.stderr, "")
    }
}

/// `sandbox serve --bind` beyond loopback: a warning, and a control API that needs a token.
final class SandboxServeExposureTests: XCTestCase {
    /// A running `sandbox serve` and what it printed up to `Press Ctrl-C to stop.`.
    struct Served {
        let process: Process
        let stdout: [String]
        let stderr: Pipe
        var url: String { String(stdout[0].dropFirst("InfluxDB sandbox listening on ".count)) }
    }

    func serve(_ arguments: [String]) async throws -> Served {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["sandbox", "serve", "--port", "0", "--token", "serve-token"] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        let lines: [String] = await withCheckedContinuation { continuation in
            Thread {
                var lines: [String] = [], bytes = Data()
                while let byte = try? reader.read(upToCount: 1), !byte.isEmpty {
                    if byte != Data("\n".utf8) { bytes.append(byte); continue }
                    lines.append(String(decoding: bytes, as: UTF8.self))
                    bytes = Data()
                    if lines.last == "Press Ctrl-C to stop." { break }
                }
                continuation.resume(returning: lines)
            }.start()
        }
        return Served(process: process, stdout: lines, stderr: errors)
    }

    func stop(_ served: Served) async -> String {
        served.process.terminate()
        await withCheckedContinuation { continuation in
            Thread {
                served.process.waitUntilExit(); continuation.resume()
            }.start()
        }
        return String(decoding: served.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func send(_ method: String, _ url: String, authorization: String?) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    func testBeyondLoopbackWarnsAndTheControlAPINeedsTheToken() async throws {
        let served = try await serve(["--bind", "0.0.0.0", "--control-token", "c0ntrol"])
        XCTAssertTrue(served.stdout.contains("  control token: c0ntrol (send Authorization: Token c0ntrol to /sandbox/…)"), "\(served.stdout)")
        let refused = try await send("POST", served.url + "/sandbox/reset", authorization: nil)
        XCTAssertEqual(refused.0, 401)
        XCTAssertEqual(
            refused.1, #"{"code":"unauthorized","message":"the sandbox control API needs the header Authorization: Token T, with T the control token that sandbox serve printed"}"#)
        let apiToken = try await send("POST", served.url + "/sandbox/reset", authorization: "Token serve-token")
        XCTAssertEqual(apiToken.0, 401, "the API token is not the control token")
        let allowed = try await send("POST", served.url + "/sandbox/reset", authorization: "Token c0ntrol")
        XCTAssertEqual(allowed.0, 204, allowed.1)
        let api = try await send("GET", served.url + "/api/v2/orgs", authorization: "Token serve-token")
        XCTAssertEqual(api.0, 200, "the InfluxDB API is unchanged")
        let stderr = await stop(served)
        XCTAssertEqual(
            stderr,
            """
            warning: the sandbox listens on 0.0.0.0, beyond loopback: other machines can reach it
              hint: its control API (/sandbox/…: reset, faults, seeding) requires the control token shown on standard output; bind 127.0.0.1 (the default) to keep the sandbox to this machine

            """)
    }

    func testBeyondLoopbackWithoutAFlagGeneratesAToken() async throws {
        let served = try await serve(["--bind", "0.0.0.0"])
        let line = try XCTUnwrap(served.stdout.first { $0.hasPrefix("  control token: ") }, "\(served.stdout)")
        let token = String(line.dropFirst("  control token: ".count).prefix(while: { $0 != " " }))
        XCTAssertEqual(token.count, 64)
        XCTAssertTrue(token.allSatisfy(\.isHexDigit), token)
        let refused = try await send("GET", served.url + "/sandbox/faults", authorization: nil)
        XCTAssertEqual(refused.0, 401)
        let allowed = try await send("GET", served.url + "/sandbox/faults", authorization: "Token \(token)")
        XCTAssertEqual(allowed.0, 200)
        _ = await stop(served)
    }

    func testLoopbackKeepsTheControlAPIOpenAndSaysNothing() async throws {
        let served = try await serve([])
        XCTAssertFalse(served.stdout.contains { $0.contains("control token") }, "\(served.stdout)")
        let open = try await send("GET", served.url + "/sandbox/faults", authorization: nil)
        XCTAssertEqual(open.0, 200)
        let stderr = await stop(served)
        XCTAssertEqual(stderr, "")
    }
}
