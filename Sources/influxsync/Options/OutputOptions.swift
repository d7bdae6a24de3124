import ArgumentParser
import Foundation
import InfluxSync

/// Output presentation.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "Never print colours (also: NO_COLOR set; colours are only used on a terminal anyway).")
    var noColor = false
}
