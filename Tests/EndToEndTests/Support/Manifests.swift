/// Builders for manifest text in InfluxDB's template format (apiVersion influxdata.com/v2alpha1).
enum Manifests {
    /// The query of the CPU downsampling task used across the tests.
    static let cpuQuery = """
        from(bucket: "telegraf")
            |> range(start: -task.every)
            |> filter(fn: (r) => r._measurement == "cpu")
            |> aggregateWindow(every: 1h, fn: mean)
            |> to(bucket: "telegraf-downsampled")
        """

    /// A `kind: Label` document.
    static func label(_ name: String, color: String = "#326BBA", description: String? = nil) -> String {
        var text = """
            apiVersion: influxdata.com/v2alpha1
            kind: Label
            metadata:
              name: \(name)
            spec:
              color: "\(color)"

            """
        if let description { text += "  description: \(description)\n" }
        return text
    }

    /// A `kind: Task` document with an `every` schedule.
    static func task(
        _ name: String, every: String = "1h", description: String? = nil, status: String? = nil,
        labels: [String] = [], query: String = cpuQuery
    ) -> String {
        var text = """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: \(name)
            spec:
              every: \(every)

            """
        if let description { text += "  description: \(description)\n" }
        if let status { text += "  status: \(status)\n" }
        if !labels.isEmpty {
            text += "  associations:\n" + labels.map { "    - kind: Label\n      name: \($0)\n" }.joined()
        }
        text += "  query: |-\n" + query.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        return text
    }

    /// Documents joined into one multi-document YAML file.
    static func file(_ documents: String...) -> String { documents.joined(separator: "---\n") }
}
