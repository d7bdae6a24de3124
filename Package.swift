// swift-tools-version:6.2
import PackageDescription

// Targets, one job each (see README "Layout"):
//   Flux             — the Flux `option task` record, durations, cron, lexer, formatter (no dependencies)
//   InfluxAPI        — wire models and the client protocol for /api/v2 (Foundation only)
//   InfluxHTTPClient — the AsyncHTTPClient implementation of that protocol
//   InfluxSync       — manifests, desired/live state, the pure plan, the applier, renderers
//   InfluxSandbox    — the InfluxDB emulator (Hummingbird)
//   influxsync       — the command-line tool (swift-argument-parser)
let package = Package(
    name: "influxsync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "influxsync", targets: ["influxsync"]),
        .library(name: "InfluxSync", targets: ["InfluxSync"]),
        .library(name: "InfluxSandbox", targets: ["InfluxSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // TLS settings (--skip-verify, --ca-cert) and TLS error words; already in the graph
        // through async-http-client, so this adds no new download.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(name: "Flux"),
        .target(name: "InfluxAPI"),
        .target(
            name: "InfluxHTTPClient",
            dependencies: [
                "InfluxAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "InfluxSync",
            dependencies: [
                // No swift-crypto: saved plans need only SHA-256 (SavedPlan/SHA256.swift), and
                // swift-crypto would compile a second BoringSSL for it (README "Development").
                "Flux", "InfluxAPI", .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "InfluxSandbox",
            dependencies: [
                "Flux",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "influxsync",
            dependencies: [
                "InfluxSync", "InfluxAPI", "InfluxHTTPClient", "InfluxSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "influxsync-bench",
            dependencies: [
                // `e2e` serves a sandbox in-process and drives the built `influxsync` binary.
                "InfluxSync", "InfluxAPI", "Flux", "InfluxSandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Test doubles the test targets share (clocks, a client fake); test targets cannot
        // share files, so they live in a small library of their own.
        .target(name: "TestSupport", dependencies: ["InfluxAPI"], path: "Tests/TestSupport"),
        .testTarget(name: "FluxTests", dependencies: ["Flux"]),
        .testTarget(name: "InfluxSyncTests", dependencies: ["InfluxSync", "Flux", "InfluxAPI", "TestSupport"]),
        // The command-line tool's support code run in-process (`@testable import influxsync`)
        // against fake clients, without launching the binary.
        .testTarget(name: "CLITests", dependencies: ["influxsync", "InfluxSync", "InfluxAPI", "TestSupport"]),
        .testTarget(
            name: "InfluxSandboxTests",
            dependencies: [
                // The crash-safety test runs the built `influxsync sandbox serve`.
                "InfluxSandbox", "Flux", "influxsync",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "influxsync", "InfluxSandbox", "InfluxHTTPClient", "InfluxAPI", "InfluxSync", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
