/// A descriptor the service manager says it passed: its number and its `FileDescriptorName=`.
/// Only parsed from the environment — nothing about the descriptor itself has been checked yet.
public struct PassedDescriptor: Sendable, Hashable {
    public var fileDescriptor: Int32
    /// The socket unit's `FileDescriptorName=` (default: the socket unit's name), or `unknown`
    /// when the manager sent no `LISTEN_FDNAMES`.
    public var name: String

    public init(fileDescriptor: Int32, name: String) {
        self.fileDescriptor = fileDescriptor
        self.name = name
    }
}
