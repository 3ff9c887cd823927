import ArgumentParser

@main
struct Returnsctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "returnsctl",
        abstract: "The supervisor's tool for a ReturnStation dock; `decode` works offline.",
        subcommands: [Decode.self, DecodeEvdev.self, DecodeHIDPOS.self]
    )
}
