@testable import ReturnsCore

/// Runs `body` and returns the CodeError it threw, or nil when it succeeded.
func codeError<T>(_ body: () throws(CodeError) -> T) -> CodeError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
