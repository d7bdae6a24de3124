import Flux
import InfluxSync
import XCTest

/// The scope pass (`FluxScopeCheck`): each kind of finding with its exact text and place, and
/// the constructs that must never raise one.
final class FluxScopeCheckTests: XCTestCase {
    /// `line:column code: message (did you mean x?)` per finding.
    private func check(_ script: String, allowing: Set<String> = []) -> [String] {
        FluxScopeCheck.check(script, allowing: allowing).map { finding in
            "\(finding.line):\(finding.column) \(finding.code): \(finding.message)" + (finding.suggestion.map { " (did you mean \($0)?)" } ?? "")
        }
    }

    // MARK: Findings

    func testUnknownImportPathIsReportedAtThePathWithASuggestion() {
        XCTAssertEqual(
            check("import \"strngs\"\n\nstrngs.title(v: \"a\")\n"),
            [
                "1:8 unknown-import: unknown import path \"strngs\" (did you mean strings?)"
            ])
        XCTAssertEqual(check("import \"mycompany/tools\"\n"), ["1:8 unknown-import: unknown import path \"mycompany/tools\""])
    }

    func testUndefinedIdentifierIsReportedWhereItIsUsed() {
        XCTAssertEqual(
            check("x = 1\ny2 = x + 1\nfrom(bucket: \"b\")\n    |> range(start: -1h)\n    |> filter(fn: (r) => r._value > y)\n"),
            [
                "5:37 undefined-identifier: undefined identifier \"y\""
            ])
        XCTAssertEqual(check("form(bucket: \"b\")\n"), ["1:1 undefined-identifier: undefined identifier \"form\" (did you mean from?)"])
        XCTAssertEqual(check("data = 1\nx = {dta with a: 1}\n"), ["2:6 undefined-identifier: undefined identifier \"dta\" (did you mean data?)"])
        // A misspelt statement keyword (once on InfluxDB's own docs): the keyword is suggested.
        XCTAssertEqual(
            check("options task = {name: \"x\", every: 1h}\nfrom(bucket: \"b\") |> range(start: -1h)\n"),
            ["1:1 undefined-identifier: undefined identifier \"options\" (did you mean option?)"])
        XCTAssertEqual(
            FluxScopeCheck.check("imports \"strings\"\n", allowing: []).map { $0.subject ?? "no allowance" }, ["no allowance"])
    }

    func testUnknownMemberOfAnImportedPackage() {
        XCTAssertEqual(
            check("import \"strings\"\n\nx = strings.hasPrefx(v: \"abc\", prefix: \"a\")\n"),
            [
                "3:13 unknown-member: package \"strings\" has no member \"hasPrefx\" (did you mean hasPrefix?)"
            ])
        XCTAssertEqual(check("import s \"strings\"\n\nx = s.nope\n"), ["3:7 unknown-member: package \"strings\" has no member \"nope\""])
    }

    func testUnknownNamedArgumentOfAStandardLibraryFunction() {
        XCTAssertEqual(
            check("from(bucket: \"b\")\n    |> range(strt: -1h)\n"),
            [
                "2:14 unknown-argument: range() has no parameter \"strt\" (did you mean start?)"
            ])
        XCTAssertEqual(
            check("import \"strings\"\n\nx = strings.hasPrefix(v: \"abc\", prefx: \"a\")\n"),
            [
                "3:33 unknown-argument: strings.hasPrefix() has no parameter \"prefx\" (did you mean prefix?)"
            ])
    }

    func testMissingRequiredArgumentAndMissingPipe() {
        XCTAssertEqual(
            check("from(bucket: \"b\")\n    |> range(start: -1h)\n    |> aggregateWindow(fn: mean)\n"),
            [
                "3:8 missing-argument: aggregateWindow() is missing the required argument \"every\""
            ])
        XCTAssertEqual(
            check("x = range(start: -1h)\n"),
            [
                "1:5 missing-argument: range() is missing the piped-forward argument \"tables\" (use `|>` or name it)"
            ])
        // Naming the piped parameter supplies it.
        XCTAssertEqual(check("t = from(bucket: \"b\")\nx = range(tables: t, start: -1h)\n"), [])
    }

    func testFindingsComeInScriptOrder() {
        XCTAssertEqual(
            check("import \"nope\"\n\na = b\nc = d\n"),
            [
                "1:8 unknown-import: unknown import path \"nope\"",
                "3:5 undefined-identifier: undefined identifier \"b\"",
                "4:5 undefined-identifier: undefined identifier \"d\"",
            ])
    }

    // MARK: Allowances

    func testAllowancesAcceptNamesTheDataDoesNotKnow() {
        XCTAssertEqual(check("import \"mycompany/tools\"\n\nx = tools.anything(a: 1)\n", allowing: ["mycompany/tools"]), [])
        XCTAssertEqual(check("import \"strings\"\n\nx = strings.newThing(v: 1)\n", allowing: ["strings.newThing"]), [])
        XCTAssertEqual(check("x = newBuiltin(v: 1)\n", allowing: ["newBuiltin"]), [])
        // A newer parameter of a known function: allow the function.
        XCTAssertEqual(check("from(bucket: \"b\") |> range(start: -1h, newParam: 1)\n", allowing: ["range"]), [])
        XCTAssertEqual(check("from(bucket: \"b\") |> range(start: -1h, newParam: 1)\n", allowing: ["universe.range"]), [])
        // An allowance for one name accepts no other.
        XCTAssertEqual(
            check("import \"strings\"\n\nx = strings.newThing(v: 1)\ny = strings.other\n", allowing: ["strings.newThing"]),
            [
                "4:13 unknown-member: package \"strings\" has no member \"other\""
            ])
    }

    func testAllowanceCommentsInTheScript() {
        let script = """
            // influxsync:allow mycompany/tools, newBuiltin
            import "mycompany/tools"

            x = tools.anything(a: newBuiltin())
            y = other
            """
        XCTAssertEqual(check(script), ["5:5 undefined-identifier: undefined identifier \"other\""])
        // Only the exact directive counts.
        XCTAssertEqual(check("// influxsync:allowed newBuiltin\nx = newBuiltin()\n"), ["2:5 undefined-identifier: undefined identifier \"newBuiltin\""])
    }

    // MARK: No false findings

    func testPreludeOptionsTaskAndV() {
        XCTAssertEqual(
            check(
                """
                option task = {name: "t", every: 1h}
                option now = () => 2024-01-01T00:00:00Z
                option location = timezone.utc

                from(bucket: "b")
                    |> range(start: -task.every, stop: now())
                    |> filter(fn: (r) => r._value > 0 and exists r.host and true != false)
                    |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)
                    |> yield(name: task.name)
                """), ["3:19 undefined-identifier: undefined identifier \"timezone\""])
        XCTAssertEqual(check("import \"timezone\"\n\noption location = timezone.location(name: \"Europe/Paris\")\n"), [])
    }

    func testShadowingParametersAndNestedFunctions() {
        XCTAssertEqual(
            check(
                """
                import "array"
                import "strings"

                double = (x) => x * 2
                range = (start) => start
                strings2 = strings
                add = (a, b=a) => {
                    sum = a + b
                    inner = (c) => c + sum + a
                    return inner(c: double(x: sum))
                }
                rows = array.from(rows: [{v: add(a: 1)}])
                    |> map(fn: (r) => ({r with doubled: double(x: r.v), s: strings.toUpper(v: "a")}))
                x = range(start: 1)
                y = strings2.anything
                """), [])
    }

    func testImportAliasesAndPipeParameters() {
        XCTAssertEqual(
            check(
                """
                import arr "array"
                import "experimental/array"
                import "influxdata/influxdb/v1"

                f = (tables=<-, n) => tables |> limit(n: n)
                arr.from(rows: [{a: 1}])
                    |> f(n: 1)
                    |> array.foo()
                """), ["8:14 unknown-member: package \"experimental/array\" has no member \"foo\""])
        XCTAssertEqual(check("import \"array\"\n\n[1, 2] |> array.map(fn: (x) => x + 1)\n"), [])
    }

    func testRecordsDictionariesConditionalsAndIndexes() {
        XCTAssertEqual(
            check(
                """
                import "dict"

                d = [:]
                e = ["a": 1, "b": 2]
                rec = {a: 1, b: {c: [1, 2, 3]}}
                x = if rec.a > 0 then rec.b.c[0] else -rec.b["c"][1]
                y = dict.get(dict: e, key: "a", default: 0)
                z = "text ${undefinedInInterpolation}"
                w = not (x == 1) or y == 2
                """), [])
    }

    func testOptionOfAnImportedPackageAndForwardReferences() {
        XCTAssertEqual(
            check(
                """
                import "influxdata/influxdb/tasks"

                option tasks.lastSuccessTime = 2024-01-01T00:00:00Z
                a = () => later
                later = 1
                x = tasks.lastSuccess(orTime: -1h)
                """), [])
    }

    func testUserFunctionsAndFunctionValuesAreNotJudged() {
        XCTAssertEqual(
            check(
                """
                myRange = (tables=<-, whatever) => tables
                pick = if true then filter else map
                from(bucket: "b")
                    |> myRange(whatever: 1, more: 2)
                    |> pick(fn: (r) => true, anything: 1)
                """), [])
    }

    func testAParsedScriptGivesTheSameFindings() throws {
        let source = "import \"strings\"\n\nx = strings.hasPrefx(v: \"a\", prefix: \"b\")\n"
        XCTAssertEqual(FluxScopeCheck.check(parsed: try FluxParser.parse(source), source: source), FluxScopeCheck.check(source))
        XCTAssertEqual(FluxScopeCheck.check(source).count, 1)
    }

    func testAScriptThatDoesNotParseHasNoFinding() {
        XCTAssertEqual(check("from(bucket: \"b\" |> range(\n"), [])
    }

    func testTheDataKnowsItsVersionAndThePrelude() {
        XCTAssertEqual(FluxStandardLibrary.fluxVersion, "v0.196.1")
        let library = FluxStandardLibrary.shared
        XCTAssertEqual(library.prelude["from"]?.path, "influxdata/influxdb")
        XCTAssertEqual(library.prelude["range"]?.path, "universe")
        XCTAssertEqual(library.prelude["true"]?.path, "internal/boolean")
        guard case .function(let parameters)? = library.prelude["range"]?.member else { return XCTFail("range is a function") }
        XCTAssertEqual(
            parameters,
            [
                .init(name: "tables", isRequired: true, isPiped: true), .init(name: "start", isRequired: true, isPiped: false),
                .init(name: "stop", isRequired: false, isPiped: false),
            ])
        XCTAssertEqual(library.packages.count, 89)
    }
}
