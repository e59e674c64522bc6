// The patch model shared by the differ, renderer, parser and applier.

public enum FileMode: String, Sendable {
    case regular = "100644"
    case executable = "100755"
    case symlink = "120000"
}

public struct HunkLine: Sendable, Equatable {
    public enum Kind: Sendable { case context, added, removed }
    public let kind: Kind
    /// Without the leading marker and without the "\n"; may end in "\r".
    public let text: String
    /// Followed by "\ No newline at end of file".
    public let noNewlineAtEnd: Bool

    public init(kind: Kind, text: String, noNewlineAtEnd: Bool = false) {
        self.kind = kind
        self.text = text
        self.noNewlineAtEnd = noNewlineAtEnd
    }

    /// The record as it appears in the file: text plus its newline, if any.
    var record: [UInt8] {
        var bytes = Array(text.utf8)
        if !noNewlineAtEnd { bytes.append(0x0A) }
        return bytes
    }

    /// Whether `bytes` is `record`, without making it.
    func isRecord(_ bytes: ArraySlice<UInt8>) -> Bool {
        let utf8 = text.utf8
        if noNewlineAtEnd { return bytes.count == utf8.count && bytes.elementsEqual(utf8) }
        return bytes.count == utf8.count + 1 && bytes.last == 0x0A && bytes.dropLast().elementsEqual(utf8)
    }
}

public struct Hunk: Sendable, Equatable {
    /// The numbers exactly as printed in the header: when a count is 0 the
    /// start is the line *after which* the change happens (git's convention).
    public let oldStart: Int, oldCount: Int, newStart: Int, newCount: Int
    /// Text after the closing "@@ " (may be empty).
    public let section: String
    public let lines: [HunkLine]

    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, section: String = "", lines: [HunkLine]) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.section = section
        self.lines = lines
    }

    /// "@@ -a,b +c,d @@" with git's rule of omitting ",1".
    public var header: String {
        func range(_ start: Int, _ count: Int) -> String {
            count == 1 ? "\(start)" : "\(start),\(count)"
        }
        return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@"
    }
}

public struct FilePatch: Sendable, Equatable {
    public enum Change: String, Sendable { case create, modify, delete }

    /// nil = /dev/null
    public var oldPath: String?
    /// nil = /dev/null
    public var newPath: String?
    public var oldMode: FileMode?
    public var newMode: FileMode?
    /// Blob ids as the caller gives them (normally 40 hex digits).
    public var oldBlob: String?
    public var newBlob: String?
    /// "Binary files ... differ": carries no hunks.
    public var isBinary: Bool
    public var hunks: [Hunk]

    public init(
        oldPath: String?, newPath: String?,
        oldMode: FileMode? = nil, newMode: FileMode? = nil,
        oldBlob: String? = nil, newBlob: String? = nil,
        isBinary: Bool = false, hunks: [Hunk] = []
    ) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldMode = oldMode
        self.newMode = newMode
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.isBinary = isBinary
        self.hunks = hunks
    }

    public var change: Change {
        switch (oldPath, newPath) {
        case (nil, .some): return .create
        case (.some, nil): return .delete
        default: return .modify
        }
    }

    public var path: String { newPath ?? oldPath ?? "" }
}

public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the patch text, when known.
    public let line: Int?
    public let message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    init(_ message: String, line: Int? = nil) {
        self.init(line: line, message: message)
    }

    public var description: String {
        // Most parser messages already say where ("... at line 12"); don't repeat it.
        guard let line, !message.contains("line \(line)") else { return message }
        return "line \(line): \(message)"
    }
}
