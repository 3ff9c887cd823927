import ArgumentParser

@main
struct Returnsctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "returnsctl",
        abstract: "The supervisor's tool for a ReturnStation dock; `decode` works offline.",
        subcommands: [
            Status.self, Devices.self, Sessions.self, Session.self, Scans.self, Notes.self, Note.self, Exceptions.self,
            Approve.self, Reject.self, Cancel.self, Sync.self, Watch.self, Decode.self, DecodeEvdev.self, DecodeHIDPOS.self,
            CommandsSheet.self, ImportOrders.self, Archive.self,
        ]
    )
}
