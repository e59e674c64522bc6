import Foundation
import ShellReader

/// A command a document tells a person to run, found in an inline code span or a shell
/// code block.
public struct DocCommand: Sendable, Equatable {
    public let line: Int
    /// The command as written (one line).
    public let text: String
    public let words: [String]

    /// The script it runs, as written (`./bin/run-all.sh`, `tasks/050-x.sh`), if any.
    public var script: String? {
        guard let first = words.first else { return nil }
        if ["bash", "sh", "source", ".", "exec", "sudo"].contains(first) {
            return words.dropFirst().first { !$0.hasPrefix("-") && looksLikeScript($0) }
        }
        return looksLikeScript(first) ? first : nil
    }

    private func looksLikeScript(_ word: String) -> Bool {
        word.hasSuffix(".sh") || word.hasSuffix(".bash")
    }
}

/// A Markdown document and the commands it names.
public struct DocFile: Sendable {
    public let path: String
    public let text: String
    public let commands: [DocCommand]

    init(path: String, text: String, cache: ScriptCache) {
        self.path = path
        self.text = text
        self.commands = cache.docCommands(path: path, text: text)
    }

    static let shellFences: Set<String> = ["", "sh", "bash", "shell", "console", "zsh", "terminal"]

    static func extractCommands(_ text: String) -> [DocCommand] {
        var out: [DocCommand] = []
        var fence: (marker: String, shell: Bool)?
        var lineNo = 0
        for raw in text.newlineSeparatedLines {
            lineNo += 1
            let line = raw.withoutCarriageReturn
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open.marker) {
                    fence = nil
                } else if open.shell {
                    var cmd = trimmed
                    if cmd.hasPrefix("$ ") { cmd.removeFirst(2) }
                    if !cmd.isEmpty, !cmd.hasPrefix("#") { out += commands(in: cmd, line: lineNo) }
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = String(trimmed.prefix(3))
                let info = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces).lowercased()
                fence = (marker, shellFences.contains(String(info.split(separator: " ").first ?? "")))
                continue
            }
            for span in inlineCode(String(line)) { out += commands(in: span, line: lineNo) }
        }
        return out
    }

    /// Contents of `code` spans on one line (single or double backticks).
    static func inlineCode(_ line: String) -> [String] {
        var spans: [String] = []
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "`") {
            let ticks = rest[open...].prefix { $0 == "`" }.count
            let afterOpen = rest.index(open, offsetBy: ticks)
            let marker = String(repeating: "`", count: ticks)
            guard let close = rest[afterOpen...].firstRange(of: marker) else { break }
            spans.append(rest[afterOpen..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return spans
    }

    static func commands(in code: String, line: Int) -> [DocCommand] {
        let script = ShellReader.read(code)
        return script.commands.filter { $0.enclosing.isEmpty }.map { cmd in
            DocCommand(line: line, text: code, words: cmd.words.map { $0.literal ?? $0.unquotedText })
        }
    }
}
