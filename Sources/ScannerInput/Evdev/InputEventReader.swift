/// Splits a byte stream from an evdev node (or a capture file, or a pipe) into ``InputEvent``s.
///
/// The kernel only ever returns whole records from a device, but captures and pipes may be cut
/// anywhere, so a partial record is kept until the rest arrives.
public struct InputEventReader: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Bytes held back because they do not yet form a whole record.
    public var pendingByteCount: Int { pending.count }
    /// The start of a record still waiting for the rest of its bytes.
    public var pendingBytes: [UInt8] { pending }

    /// Appends `bytes` and returns every event completed by them, in order.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) -> [InputEvent] {
        let size = InputEvent.kernelSize
        var events: [InputEvent] = []
        var rest = bytes[...]
        if !pending.isEmpty {
            let needed = size - pending.count
            let take = min(needed, rest.count)
            pending.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            guard pending.count == size else { return [] }
            events.append(pending.withUnsafeBytes { InputEvent(kernelBytes: $0) })
            pending.removeAll(keepingCapacity: true)
        }
        events.reserveCapacity(events.count + rest.count / size)
        while rest.count >= size {
            events.append(InputEvent(kernelBytes: UnsafeRawBufferPointer(rebasing: rest.prefix(size))))
            rest = rest.dropFirst(size)
        }
        pending.append(contentsOf: rest)
        return events
    }

    /// Convenience for byte arrays (tests, capture files).
    public mutating func append(_ bytes: [UInt8]) -> [InputEvent] {
        bytes.withUnsafeBytes { append($0) }
    }
}
