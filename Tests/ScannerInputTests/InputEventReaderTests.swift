import Testing
import CInputShim
import ScannerInput

@Suite("input_event records")
struct InputEventReaderTests {
    @Test func recordSizeComesFromTheCStruct() {
        #expect(InputEvent.kernelSize == MemoryLayout<input_event>.size)
        #expect(InputEvent.kernelSize == MemoryLayout<timeval>.size + 8)
    }

    @Test func bytesMatchTheKernelLayout() {
        var raw = input_event()
        raw.time.tv_sec = 1_700_000_000
        raw.time.tv_usec = 123_456
        raw.type = 1
        raw.code = 30
        raw.value = 1
        let kernel = withUnsafeBytes(of: &raw) { Array($0) }
        let event = InputEvent(seconds: 1_700_000_000, microseconds: 123_456, type: 1, code: 30, value: 1)
        #expect(event.kernelBytes == kernel)
        #expect(kernel.withUnsafeBytes { InputEvent(kernelBytes: $0) } == event)
        #expect(event.timestampNanos == 1_700_000_000_123_456_000)
    }

    @Test(arguments: [1, 5, 7, 23, 25, 4096])
    func arbitraryChunkingThroughAPipe(chunk: Int) throws {
        var script = KeyScript()
        script.typeUS("Chunked")
        script.tap(Key.enter)
        #expect(try roundTripThroughPipe(script.events, chunk: chunk) == script.events)
    }

    @Test func partialRecordIsHeldUntilComplete() {
        var reader = InputEventReader()
        let event = InputEvent(seconds: 1, microseconds: 2, type: 1, code: 30, value: 1)
        let bytes = event.kernelBytes + event.kernelBytes
        #expect(reader.append(Array(bytes.prefix(10))).isEmpty)
        #expect(reader.pendingByteCount == 10)
        #expect(reader.append(Array(bytes.dropFirst(10).prefix(InputEvent.kernelSize))) == [event])
        #expect(reader.append(Array(bytes.dropFirst(10 + InputEvent.kernelSize))) == [event])
        #expect(reader.pendingByteCount == 0)
    }
}
