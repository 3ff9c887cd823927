// The body of POST /v1/return-notes as any station (or anyone holding a station token) might send it: decoded as
// the ledger decodes it, then the ledger's whole-note checks.
import Foundation
import LedgerProtocol

// The ledger's wire encoder, which the stored bodies are written with.
let encoder = LedgerWire.encoder

func fuzzOne(_ bytes: [UInt8]) {
    guard let note = try? JSONDecoder().decode(ReturnNoteSubmission.self, from: Data(bytes)) else { return }
    guard let closedOn = try? note.validated() else { return }
    // The ledger stores the note re-encoded and reads it back to answer a replay: that must give the same note.
    guard let stored = try? encoder.encode(note), let readBack = try? JSONDecoder().decode(ReturnNoteSubmission.self, from: stored) else {
        fatalError("an accepted note re-encodes and decodes")
    }
    expect(readBack == note, "the stored body decodes to the note that was accepted")
    // The ledger's idempotency compares the SHA-256 of these bytes: a replay must encode to the same ones.
    expect((try? encoder.encode(readBack)) == stored, "the stored note re-encodes to the same bytes")
    expect((try? readBack.validated()) == closedOn, "the stored note validates to the same day")
}
