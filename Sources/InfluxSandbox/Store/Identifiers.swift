/// InfluxDB IDs: 64-bit values written as exactly 16 lowercase hex digits (influxdb-api.md §1.1).
enum Identifier {
    /// The error of a malformed ID, as InfluxDB words it.
    struct Malformed: Error, Equatable { var message: String }

    /// `0000000000000001`-style text.
    static func format(_ value: UInt64) -> String {
        String(value, radix: 16).leftPadded(16)
    }

    /// Parses an ID the way `platform.ID.Decode` does: exactly 16 hex characters (upper case
    /// accepted, returned lower-cased), not all zeros.
    /// - Throws: `Malformed` with `id must have a length of 16 bytes` or `invalid ID`.
    static func parse(_ text: String) throws(Malformed) -> String {
        guard text.utf8.count == 16 else { throw Malformed(message: "id must have a length of 16 bytes") }
        guard let value = UInt64(text, radix: 16), value != 0, !text.hasPrefix("+"), !text.hasPrefix("-") else {
            throw Malformed(message: "invalid ID")
        }
        return format(value)
    }

    /// True when `text` is a well-formed ID.
    static func isValid(_ text: String) -> Bool { (try? parse(text)) != nil }
}

/// Generates IDs: snowflake-like, strictly increasing ones for tasks, labels, runs and users,
/// and random ones (avoiding the bytes for backslash, comma and space) for orgs (§1.1).
struct IDGenerator: Codable, Sendable, Equatable {
    /// Milliseconds of 2017-04-09T00:00:00Z since the Unix epoch (the snowflake epoch).
    private static let epochMillis: Int64 = 1_491_696_000_000
    /// The last snowflake handed out; persisted so IDs keep increasing across restarts.
    var lastSnowflake: UInt64 = 0
    /// The 10-bit machine id mixed into snowflakes.
    var machineID: UInt64 = UInt64.random(in: 0..<1024)

    /// The next snowflake: `ms since 2017-04-09 << 22 | machine << 12 | sequence`, and always
    /// greater than the previous one.
    mutating func nextSnowflake(now: Timestamp) -> String {
        let millis = UInt64(max(0, now.nanoseconds / 1_000_000 - Self.epochMillis))
        let candidate = (millis << 22) | (machineID << 12)
        lastSnowflake = max(candidate, lastSnowflake + 1)
        return Identifier.format(lastSnowflake)
    }

    /// A random, valid org ID.
    static func randomOrgID() -> String {
        while true {
            var value: UInt64 = 0
            for _ in 0..<8 {
                var byte = UInt8.random(in: 0...255)
                while byte == 0x5C || byte == 0x2C || byte == 0x20 { byte = UInt8.random(in: 0...255) }
                value = (value << 8) | UInt64(byte)
            }
            if value != 0 { return Identifier.format(value) }
        }
    }
}
