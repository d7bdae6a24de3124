import Flux

/// Checks `every`, `offset` and `cron` values the way InfluxDB does at task creation
/// (influxdb-api.md §4.2–§4.5), reporting at the value's location.
struct TaskScheduleRules {
    let reader: ManifestNodeReader

    static let durationHint = "write a Flux duration literal such as `30s`, `1m30s` or `1h` (no decimals, no spaces)"

    /// Parses a duration literal; nil after an error.
    func duration(_ field: ScalarField) -> FluxDuration? {
        do throws(FluxError) {
            return try FluxDuration(parsing: field.value)
        } catch {
            reader.error(
                reader.location(inside: field, line: 1, column: error.column), field: field.field,
                error.message, hint: Self.durationHint)
            return nil
        }
    }

    /// `every`: positive, at least 1s, whole seconds (`TaskOptionLimits.checkEvery`).
    func every(_ field: ScalarField) -> FluxDuration? {
        guard let value = duration(field) else { return nil }
        if let problem = TaskOptionLimits.checkEvery(value) {
            reader.error(
                field.location, field: field.field, problem,
                hint: "InfluxDB runs tasks at most once a second, in whole seconds: use e.g. `1s`, `90s` or `1h`")
            return nil
        }
        return value
    }

    /// `offset`: whole seconds and no calendar units (`TaskOptionLimits.checkOffset`); also no
    /// `d` or `w`, because InfluxDB parses offsets with Go's duration parser, which knows only
    /// ns–h (§4.2 step 6 answers 500 for `offset: 1d`).
    func offset(_ field: ScalarField) -> FluxDuration? {
        guard let value = duration(field) else { return nil }
        if let problem = TaskOptionLimits.checkOffset(value) {
            reader.error(field.location, field: field.field, problem, hint: "write the offset in whole seconds with h, m and s, e.g. `90s` or `1h30m`")
            return nil
        }
        if let unit = Self.units(of: field.value).first(where: { ["d", "w"].contains($0) }) {
            reader.error(
                field.location, field: field.field, "offset cannot use the unit \(unit), found \(field.value)",
                hint: "InfluxDB applies offsets with Go's duration parser (ns to h): write `24h` instead of `1d`")
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
            reader.error(
                reader.location(inside: field, line: 1, column: error.column), field: field.field,
                error.message.hasPrefix("invalid cron") ? error.message : "invalid cron \(field.value.quoted): \(error.message)",
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
