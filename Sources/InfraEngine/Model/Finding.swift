/// A defect the engine found, with its evidence. Ids never contain line numbers so the
/// same defect keeps its id when earlier operations shift the file around.
public struct Finding: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, warning, error
        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public let id: String
    public let rule: String
    public let severity: Severity
    public let file: String
    public let line: Int
    public let message: String
    /// The operation that fixes it; nil when the engine cannot fix it safely.
    public var operation: String?

    public init(rule: String, key: String, severity: Severity = .warning, file: String, line: Int,
                message: String, operation: String? = nil) {
        self.id = "\(rule):\(file):\(key)"
        self.rule = rule
        self.severity = severity
        self.file = file
        self.line = max(line, 1)
        self.message = message
        self.operation = operation
    }

    /// `file:line: message`, the form editors and terminals jump to.
    public var location: String { "\(file):\(line)" }
}

extension Array where Element == Finding {
    /// Stable order for output: by file, line, then id.
    public func sortedForOutput() -> [Finding] {
        sorted { ($0.file, $0.line, $0.id) < ($1.file, $1.line, $1.id) }
    }
}
