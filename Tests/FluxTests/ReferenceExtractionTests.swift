import Flux
import XCTest

/// Literal bucket and secret references of a task script (for the server-side checks of
/// issue 20 item 3; influxdb-api.md §17, §18.5, §23).
final class ReferenceExtractionTests: XCTestCase {
    private func references(_ script: String, org: String? = "acme", orgID: String? = "0000000000000aaa") throws -> [String] {
        let refs = try FluxParser.parse(script).references(org: org, orgID: orgID)
        return refs.buckets.map(\.description) + refs.secrets.map(\.description)
    }

    func testFromAndToWithNamesAndIDs() throws {
        let script = """
            option task = {name: "t", every: 1h}

            from(bucket: "telegraf")
                |> range(start: -task.every)
                |> to(bucketID: "0000000000000001")
            data = from(bucketID: "00000000000000b2") |> to(bucket: "out\\"s", org: "acme")

            """
        XCTAssertEqual(
            try references(script),
            [
                "3:14 from bucket \"telegraf\"",
                "5:21 to bucketID \"0000000000000001\"",
                "6:23 from bucketID \"00000000000000b2\"",
                "6:57 to bucket \"out\\\"s\"",
            ])
    }

    func testPackagesAndAliases() throws {
        let script = """
            import "experimental"
            import db "influxdata/influxdb"
            import "influxdata/influxdb/schema"
            import s "influxdata/influxdb/secrets"
            import "influxdata/influxdb/v1"

            token = s.get(key: "SLACK_TOKEN")
            db.from(bucket: "a") |> experimental.to(bucket: "b")
            schema.tagValues(bucket: "c", tag: "host")
            v1.measurements(bucket: "d")
            db.cardinality(bucket: "e", start: -1h)
            f = () => {
                x = db.wideTo(bucket: "f")
                return x
            }
            """
        XCTAssertEqual(
            try references(script),
            [
                "8:17 db.from bucket \"a\"",
                "8:49 experimental.to bucket \"b\"",
                "9:26 schema.tagValues bucket \"c\"",
                "10:25 v1.measurements bucket \"d\"",
                "11:24 db.cardinality bucket \"e\"",
                "13:27 db.wideTo bucket \"f\"",
                "7:20 secret \"SLACK_TOKEN\"",
            ])
    }

    func testCallsThatReadAnotherServerOrOrgAreSkipped() throws {
        let script = """
            o = "acme"
            from(bucket: "remote", host: "http://other:8086", token: "t")
            from(bucket: "other-org", org: "beta")
            from(bucket: "same-org", org: "acme")
            from(bucket: "same-org-id", orgID: "0000000000000aaa")
            from(bucket: "other-org-id", orgID: "0000000000000bbb")
            from(bucket: "variable-org", org: o)
            to(bucket: "remote-write", host: "http://other:8086", org: "acme")
            """
        XCTAssertEqual(
            try references(script),
            [
                "4:14 from bucket \"same-org\"",
                "5:14 from bucket \"same-org-id\"",
            ])
        // Without the task's org, any org argument means another org.
        XCTAssertEqual(try references(script, org: nil, orgID: nil), [])
    }

    func testNonLiteralArgumentsAndOtherFunctionsAreSkipped() throws {
        let script = """
            import "influxdata/influxdb/secrets"
            import "csv"
            import "sql"
            b = "x"
            from(bucket: b)
            from(bucket: "${b}-1h")
            secrets.get(key: b)
            csv.from(csv: "a")
            sql.to(driverName: "postgres", dataSourceName: "d", table: "t")
            get(key: "NOT_A_SECRET")
            measurements(bucket: "not-imported")
            """
        XCTAssertEqual(try references(script), [])
    }

    func testSecretsWithoutAliasAndInsideFunctions() throws {
        let script = """
            import "influxdata/influxdb/secrets"
            import "http"

            send = (r) => http.post(url: "https://x", headers: {Authorization: "Bearer ${secrets.get(key: "IN_STRING")}"}, data: bytes(v: r._value))
            key = secrets.get(key: "API\\nKEY")
            """
        XCTAssertEqual(try references(script), ["5:24 secret \"API\nKEY\""])
    }
}
