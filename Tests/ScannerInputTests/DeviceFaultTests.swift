import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
import ScannerInput

/// What a broken or hostile device can do to the reader, and the bounds that hold against it.
@Suite("Device faults")
struct DeviceFaultTests {
    /// 8 MiB of line noise between STX…ETX frames: the framer keeps at most `maxLength` bytes of it to report,
    /// reports the run once, and the next frame still decodes.
    @Test func noiseOutsideFramesIsBounded() {
        var framer = SerialFramer(deviceID: "s", configuration: .init(framing: .stxEtx, maxLength: 64))
        let noise = [UInt8](repeating: 0x41, count: 1 << 20)
        var outcomes: [DecoderOutput] = []
        var peak = 0
        for _ in 0..<8 {
            outcomes += framer.handle(noise, now: 1)
            peak = max(peak, framer.retainedByteCount)
        }
        #expect(peak <= 64, "the framer held \(peak) bytes of noise")
        #expect(outcomes.isEmpty)
        let after = framer.handle([0x02] + Array("ABC".utf8) + [0x03], now: 2)
        #expect(after.map(\.dropReason) == [.garbage([UInt8](repeating: 0x41, count: 64)), nil])
        #expect(after.last?.scannedText == "ABC")
    }

    /// A tty nobody reads (CTS low, a hung scanner): a feedback write gives up instead of holding the reader thread.
    @Test func aWriteToAStalledTTYGivesUp() throws {
        let pty = PseudoTerminal()
        let path = pty.slavePath
        let outcome = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Far more than the pty's buffer holds; the master side never reads.
            do {
                let port = try SerialPort.open(path: path, configuration: .init())
                try port.write([UInt8](repeating: 0x07, count: 4 << 20))
                outcome.withLock { $0 = "written" }
            } catch {
                outcome.withLock { $0 = "\(error)" }
            }
            done.signal()
        }
        thread.start()
        let returned = done.wait(timeout: .now() + .seconds(20)) == .success
        #expect(returned, "the write still blocks after 20 s")
        let text = outcome.withLock { $0 } ?? ""
        #expect(text.contains("timed out") || text.contains("ETIMEDOUT") || text.contains("Connection timed out"), "\(text)")
        #expect(pty.master >= 0)  // the master stays open (and unread) until here
    }
}
