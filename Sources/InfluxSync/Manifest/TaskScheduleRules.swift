import Flux

/// Checks `every`, `offset` and `cron` values the way InfluxDB does at task creation
/// (influxdb-api.md §4.2–§4.5), reporting at the value's location.
struct TaskScheduleRules {
    let reader: ManifestNodeReader

    static let durationHint = "write a Flux duration literal such as `30s`, `1m30s` or `1h` (no decimals, no spaces)"
    private static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// Parses a duration literal; nil after an error.
    func duration(_ field: ScalarField) -> FluxDuration? {
        do throws(FluxError) {
            return try FluxDuration(parsing: field.value)
        } catch {
            reader.error(reader.location(inside: field, line: 1, column: error.column), field: field.field,
                         "invalid duration \(field.value.quoted): \(error.message)", hint: Self.durationHint)
            return nil
        }
    }

    /// `every`: a positive duration of at least 1s, in whole seconds.
    func every(_ field: ScalarField) -> FluxDuration? {
        guard let value = duration(field) else { return nil }
        if value.months < 0 || value.nanoseconds < 0 || value.isZero {
            reader.error(field.location, field: field.field, "every must be positive (got \(field.value.quoted))",
                         hint: "write how often the task runs, e.g. `every: 1h`")
            return nil
        }
        if value.months == 0 && value.nanoseconds < Self.nanosecondsPerSecond {
            reader.error(field.location, field: field.field, "every must be at least 1s (got \(field.value.quoted))",
                         hint: "InfluxDB rejects task intervals under one second; use `1s` or more")
            return nil
        }
        if value.nanoseconds % Self.nanosecondsPerSecond != 0 {
            reader.error(field.location, field: field.field, "every must be whole seconds (got \(field.value.quoted))",
                         hint: "round to whole seconds, e.g. `2s` instead of `1500ms`")
            return nil
        }
        return value
    }

    /// `offset`: whole seconds; units `d`, `w`, `mo`, `y` are rejected because InfluxDB cannot
    /// apply them to an offset (§4.2 step 6 answers 500).
    func offset(_ field: ScalarField) -> FluxDuration? {
        guard let value = duration(field) else { return nil }
        if let unit = Self.units(of: field.value).first(where: { ["d", "w", "mo", "y"].contains($0) }) {
            reader.error(field.location, field: field.field, "offset \(field.value.quoted) uses the unit \(unit.quoted), which InfluxDB cannot apply to an offset",
                         hint: "write the offset in h, m and s, e.g. `24h` for `1d`")
            return nil
        }
        if value.nanoseconds % Self.nanosecondsPerSecond != 0 {
            reader.error(field.location, field: field.field, "offset must be whole seconds (got \(field.value.quoted))",
                         hint: "round to whole seconds, e.g. `90s` instead of `1.5m`")
            return nil
        }
        return value
    }

    /// `cron`: InfluxDB's dialect; the error points at the offending character of the value.
    func cron(_ field: ScalarField) -> String? {
        do throws(FluxError) {
            try CronExpression.validate(field.value)
            return field.value
        } catch {
            reader.error(reader.location(inside: field, line: 1, column: error.column), field: field.field,
                         "invalid cron \(field.value.quoted): \(error.message)",
                         hint: "InfluxDB cron has 5 to 7 fields (minute hour day-of-month month day-of-week), or a macro such as `@hourly` or `@every 1h`")
            return nil
        }
    }

    /// The unit names of a duration literal, in order (`1d12h` → `d`, `h`).
    static func units(of literal: String) -> [String] {
        var units: [String] = []
        var current = ""
        for scalar in literal.unicodeScalars {
            if ("0"..."9").contains(scalar) || scalar == "-" {
                if !current.isEmpty { units.append(current); current = "" }
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { units.append(current) }
        return units
    }
}
