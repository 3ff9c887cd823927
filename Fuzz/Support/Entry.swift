// The libFuzzer entry point every target shares. Each target file defines `fuzzOne(_:)`, which feeds the bytes to
// the real decoding code and calls `expect` for the promises that code makes; libFuzzer saves any input that
// crashes, traps (an overflow, an index out of range), trips AddressSanitizer or breaks a promise.

@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes)
    return 0
}

/// A promise the code under test makes about its output; breaking it is a crash libFuzzer keeps.
func expect(_ condition: Bool, _ promise: @autoclosure () -> String) {
    if !condition { fatalError("broken promise: \(promise())") }
}
