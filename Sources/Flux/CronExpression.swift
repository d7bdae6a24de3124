/// InfluxDB's cron dialect (influxdb-api.md §4.5).
public enum CronExpression {
    /// Checks an expression the way InfluxDB would: 5, 6 or 7 fields, ranges, steps, lists,
    /// month and weekday names, `@` macros and `@every <duration>`.
    /// - Throws: `FluxError` whose message names the wrong field (`invalid minute */60`);
    ///   line is 1 and column points into the expression.
    public static func validate(_ expression: String) throws(FluxError) {
        fatalError("CronExpression.validate is not implemented yet")
    }
}
