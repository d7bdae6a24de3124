/// InfluxDB's IDs as the API writes them (influxdb-api.md §1.1): 16 lowercase hexadecimal digits.
public enum InfluxID {
    /// True for 16 lowercase hex digits (`0123456789abcdef`); false for anything else,
    /// upper-case digits included (the API never writes them).
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
