import Foundation
import ReturnsCore
import StationStore

/// Reads an order file (CSV or JSON) and imports it, all or nothing.
public enum OrderFile {
    public static func load(_ path: String) throws -> [SalesOrder] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StationFileError(path: path, message: "cannot read the order file (missing or not readable)")
        }
        do { return try OrderImport.parse([UInt8](data), fileName: path) } catch {
            throw StationFileError(path: path, message: error.description)
        }
    }

    @discardableResult
    public static func importFile(_ path: String, into store: StationStore, clock: StationClock = .system) throws -> Int {
        let orders = try load(path)
        return try store.importOrders(orders, source: URL(fileURLWithPath: path).lastPathComponent, atMillis: clock.wallMillis())
    }
}

/// A file the station was given that it cannot use, with the path a person must look at.
public struct StationFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}
