import ArgumentParser

/// `influxsync sandbox …`: the embedded InfluxDB emulator.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the embedded InfluxDB 2.x emulator.",
        subcommands: [SandboxServeCommand.self]
    )
}
