// The InfluxDB emulator lives here (issue 2 §7, issue 4).
