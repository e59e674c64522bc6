/// Errors the command line turns into one line on stderr and an exit status.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The work could not be done: a conflict, a file changed since the plan, an invalid edit (exit 1).
        case failed
        /// Bad usage or unreadable input (exit 2).
        case usage
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func failed(_ message: String) -> EngineError { EngineError(.failed, message) }
    public static func usage(_ message: String) -> EngineError { EngineError(.usage, message) }

    public var description: String { message }
    public var exitCode: Int32 { kind == .failed ? 1 : 2 }
}
