import Foundation
import Testing
@testable import StationDaemon

/// A beep posted for a device must wake its reader at once: the reader polls the mailbox's descriptor beside the
/// device. Before, it looked for beeps only when its 50 ms poll timed out, so every acknowledgement came late.
@Suite struct FeedbackMailboxTests {
    static func readable(_ fd: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 1
    }

    @Test func aPostedBeepWakesTheReaderAndTakingItClearsTheWakeup() {
        let mailbox = FeedbackMailbox()
        #expect(mailbox.wakeDescriptor >= 0)
        #expect(!Self.readable(mailbox.wakeDescriptor))
        mailbox.post([0x06])
        mailbox.post([0x15])
        #expect(Self.readable(mailbox.wakeDescriptor))
        #expect(mailbox.take() == [[0x06], [0x15]])
        #expect(!Self.readable(mailbox.wakeDescriptor))
        #expect(mailbox.take().isEmpty)
    }
}
