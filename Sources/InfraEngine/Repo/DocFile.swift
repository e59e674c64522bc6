import Foundation
import ShellReader

/// A command a document tells a person to run, found in an inline code span or a shell
/// code block.
public struct DocCommand: Sendable, Equatable {
    public let line: Int
    /// The command as written (one line), a trailing comment included.
    public let text: String
    public let words: [String]
    /// The command alone: `text` without the comment after it.
    public var command: String
    /// An inline code span in prose (not a line of a code block).
    public var inline = false
    /// An inline span that names a file for the reader (`pinned in \`x.sh\``, an inventory
    /// list) rather than telling them to run it.
    public var isMention = false
    /// An inline span a past-tense sentence says was run (`someone ran \`x.sh\``, `\`x.sh\` was
    /// run at 09:12`): a record of what happened, true as written, not an instruction.
    public var isNarrative = false
    /// Folders a relative path here may be relative to, beyond the doc's own folder and the
    /// root: a `cd DIR` earlier in the same code block, then folders the sentence, its
    /// paragraph or its heading name (`from \`web/\``) (the `cd` folder is `cdFolder`).
    public var folders: [String] = []
    /// The folder of the latest `cd DIR` before this line in the same code block.
    public var cdFolder: String?

    public init(line: Int, text: String, words: [String]) {
        self.line = line
        self.text = text
        self.words = words
        self.command = text
    }

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
        var blockCd: [String] = []   // `cd DIR` lines of the open code block, latest first
        var heading = ""
        var paragraph: [String] = []  // the lines of the current paragraph before this one
        var intro: [String] = []      // the paragraph before the current one (a list's lead-in)
        var indented = IndentedCode()
        var lineNo = 0
        // Where the open code block's commands start in `out`, and whether it is a listing.
        var blockStart = 0
        var listing = false
        var contextFolders: (context: [String], folders: [String])?
        // One line of a shell code block (fenced or indented).
        func codeLine(_ trimmed: String) {
            var cmd = trimmed
            if cmd.hasPrefix("$ ") { cmd.removeFirst(2) }
            guard !cmd.isEmpty, !cmd.hasPrefix("#") else { return }
            // A folder on a line of its own, or tree drawing: the block lists files, and a
            // bare file name in it is named, not run.
            if !listing, isListingLine(cmd) {
                listing = true
                for i in blockStart..<out.count where isBareName(out[i]) { out[i].isMention = true }
            }
            let found = commands(in: cmd, line: lineNo)
            // The prose around a code block is the same for each of its lines: its folders
            // are read once per paragraph, intro and heading.
            let context = paragraph + intro + [heading]
            if contextFolders?.context != context { contextFolders = (context, namedFolders(context)) }
            for var c in found {
                c.cdFolder = blockCd.first
                c.folders = contextFolders!.folders
                if listing, isBareName(c) { c.isMention = true }
                out.append(c)
            }
            if let cd = found.last(where: { $0.words.first == "cd" }), cd.words.count == 2 { blockCd.insert(cd.words[1], at: 0) }
        }
        for raw in text.newlineSeparatedLines {
            lineNo += 1
            let line = raw.withoutCarriageReturn
            let trimmed = line.trimmingWhitespace()
            if let open = fence {
                if trimmed.hasPrefix(open.marker) {
                    fence = nil
                    indented.sawFence()
                } else if open.shell {
                    codeLine(trimmed)
                }
                continue
            }
            // A 4-space-indented code block (CommonMark): an unlabelled block, read as shell.
            if case .code(let code, let starts) = indented.read(Substring(line)) {
                if starts { blockCd = []; blockStart = out.count; listing = false }
                codeLine(code.trimmingWhitespace())
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                indented.sawFence()
                let marker = String(trimmed.prefix(3))
                let info = trimmed.dropFirst(3).trimmingWhitespace().lowercased()
                fence = (marker, shellFences.contains(String(info.split(separator: " ").first ?? "")))
                blockCd = []
                blockStart = out.count
                listing = false
                continue
            }
            if trimmed.hasPrefix("#") { heading = trimmed; paragraph = []; intro = []; continue }
            if trimmed.isEmpty {
                if !paragraph.isEmpty { intro = paragraph }
                paragraph = []
                continue
            }
            // A list item starts its own sentence.
            if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.first?.isNumber == true && trimmed.contains(". ") {
                paragraph = []
            }
            for span in inlineCode(String(line)) {
                for var c in commands(in: span.code, line: lineNo) {
                    c.inline = true
                    c.folders = namedFolders([span.before] + paragraph + intro + [heading])
                    c.isMention = isMention(c, before: (paragraph + [span.before]).joined(separator: " "))
                    let before = (paragraph + [span.before]).joined(separator: " ")
                    if isNarrative(before: before, after: span.after) || isWarning(before: before) {
                        c.isNarrative = true
                        c.isMention = true
                    }
                    out.append(c)
                }
            }
            paragraph.append(String(line))
        }
        return out
    }

    /// A line of a file listing: one folder path (`ai/infra/`, `tasks/`) or tree drawing.
    static func isListingLine(_ line: String) -> Bool {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.count == 1, let only = words.first, only.hasSuffix("/"), only.count > 1 { return true }
        return line.contains { "├└│".contains($0) }
    }

    /// A command of one word that is a path as written (no `./`, no interpreter, no arguments).
    static func isBareName(_ c: DocCommand) -> Bool {
        c.words.count == 1 && !(c.words.first?.hasPrefix("./") ?? true)
    }

    /// Whether an inline span names a file instead of a command to run: one bare path, with
    /// no `./`, no interpreter and no arguments, and no "run"-like verb before it in its sentence.
    static func isMention(_ c: DocCommand, before: String) -> Bool {
        guard c.words.count == 1, let word = c.words.first, !word.hasPrefix("./") else { return false }
        // The sentence the span ends: "e.g." and "i.e." do not end one, nor does the dot of an
        // earlier span's file name (`010-a.sh`, `020-b.sh` and `030-c.sh` follow one "run").
        let plain = withoutAbbreviations(withoutCodeSpans(before))
        let lowered = (plain.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? plain).lowercased()
        let verbs = ["run", "runs", "execute", "call", "invoke", "start", "launch", "then:"]
        let words = lowered.split(whereSeparator: { !$0.isLetter && $0 != ":" }).map(String.init)
        return !words.contains(where: verbs.contains)
    }

    /// Whether the sentence around an inline span tells what was run, in the past tense:
    /// "someone ran `X`", "we ran `X`", "`X` was run", "we used to run `X`". A present or
    /// imperative verb after the past one ("we ran `a.sh`; now run `b.sh`") makes it an
    /// instruction again.
    static func isNarrative(before: String, after: String) -> Bool {
        let plain = withoutAbbreviations(withoutCodeSpans(before))
        let sentence = (plain.split(omittingEmptySubsequences: false) { ".;!?".contains($0) }.last.map(String.init) ?? plain).lowercased()
        let words = sentence.split { !$0.isLetter && $0 != "'" }.map(String.init)
        var lastPast = -1, lastPresent = -1
        for (i, w) in words.enumerated() {
            if Self.pastVerbs.contains(w) { lastPast = i }
            // "was run", "had run", "used to run": the participle of a past sentence.
            else if Self.presentWords.contains(w), i > 0, Self.auxiliaries.contains(words[i - 1]) || (i > 1 && words[i - 1] == "to" && words[i - 2] == "used") {
                lastPast = i
            } else if Self.presentWords.contains(w) { lastPresent = i }
        }
        if lastPast >= 0 && lastPast > lastPresent { return true }
        // "`X` was run at 09:12", "`X` failed with ...".
        let next = after.lowercased().split { !$0.isLetter }.prefix(2).map(String.init)
        guard let first = next.first else { return false }
        if ["ran", "failed", "succeeded", "crashed", "exited", "hung"].contains(first) { return true }
        return ["was", "were", "had"].contains(first) && next.count > 1 && ["run", "executed", "invoked", "been", "used"].contains(next[1])
    }

    /// Whether the sentence before an inline span warns against running it: "do not run
    /// `X` against prod", "never call `X`", "avoid `X`" (brk14). Such a line says what not to
    /// do, true as written: it is no way to run the tasks and is not rewritten. "Don't forget
    /// to run `X`" is an instruction.
    // The words `isNarrative` and `isWarning` look for, made once (they are asked per inline
    // code span of every doc).
    private static let pastVerbs: Set<String> = ["ran", "executed", "invoked", "launched", "triggered", "typed", "rerun", "reran"]
    private static let auxiliaries: Set<String> = ["was", "were", "had", "been", "got", "used"]
    private static let presentWords: Set<String> = ["run", "runs", "execute", "executes", "call", "invoke", "use", "now", "instead", "today", "then:"]
    private static let instructionWords: Set<String> = ["forget", "hesitate", "skip", "miss", "neglect", "fail"]

    static func isWarning(before: String) -> Bool {
        let plain = withoutAbbreviations(withoutCodeSpans(before))
        let sentence = (plain.split(omittingEmptySubsequences: false) { ".;!?:".contains($0) }.last.map(String.init) ?? plain).lowercased()
        let words = sentence.split { !$0.isLetter && $0 != "'" }.map(String.init)
        for (i, w) in words.enumerated() {
            let negation = ["don't", "never", "avoid", "mustn't", "shouldn't"].contains(w)
                || (w == "not" && i > 0 && ["do", "does", "must", "should"].contains(words[i - 1]))
            guard negation else { continue }
            if i + 1 < words.count, Self.instructionWords.contains(words[i + 1]) { continue }
            return true
        }
        return false
    }

    /// `text` with "e.g." and "i.e." written without dots, which end no sentence
    /// (`ByteSearch.replacing`: most text has neither, and Foundation's replacing walked it all).
    static func withoutAbbreviations(_ text: String) -> String {
        // Asked first on bytes: `replacing` hands a non-ASCII text (an em dash) to Foundation.
        guard text.contains("e.g.") || text.contains("i.e.") else { return text }
        return ByteSearch.replacing(ByteSearch.replacing(text, "e.g.", with: "eg"), "i.e.", with: "ie")
    }

    /// `text` with each backtick span replaced by one word: its dots and letters are no
    /// sentence's.
    static func withoutCodeSpans(_ text: String) -> String {
        var out = ""
        var inCode = false
        for c in text {
            if c == "`" {
                if !inCode { out += "code" }
                inCode.toggle()
            } else if !inCode {
                out.append(c)
            }
        }
        return out
    }

    /// Folders named in code spans that end in `/` (`ai/infra/tasks/`, `web/`), in order.
    static func namedFolders(_ lines: [String]) -> [String] {
        var out: [String] = []
        for line in lines.reversed() {
            for span in inlineCode(line) where span.code.hasSuffix("/") && !span.code.contains(" ") {
                let folder = String(span.code.dropLast()).replacingOccurrences(of: "./", with: "")
                if !folder.isEmpty, !out.contains(folder) { out.append(folder) }
            }
        }
        return out
    }

    /// Contents of `code` spans on one line (single or double backticks), each with the
    /// text of the line before it.
    static func inlineCode(_ line: String) -> [(code: String, before: String, after: String)] {
        var spans: [(String, String, String)] = []
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "`") {
            let ticks = rest[open...].prefix { $0 == "`" }.count
            let afterOpen = rest.index(open, offsetBy: ticks)
            let marker = String(repeating: "`", count: ticks)
            guard let close = rest[afterOpen...].firstRange(of: marker) else { break }
            spans.append((rest[afterOpen..<close.lowerBound].trimmingWhitespace(), String(line[..<open]), String(rest[close.upperBound...])))
            rest = rest[close.upperBound...]
        }
        return spans
    }

    static func commands(in code: String, line: Int) -> [DocCommand] {
        let script = ShellReader.read(code)
        let bytes = Array(code.utf8)
        return script.commands.filter { $0.enclosing.isEmpty }.map { cmd in
            var c = DocCommand(line: line, text: code, words: cmd.words.map { $0.literal ?? $0.unquotedText })
            if cmd.startOffset >= 0, cmd.endOffset <= bytes.count, cmd.startOffset < cmd.endOffset {
                c.command = String(decoding: bytes[cmd.startOffset..<cmd.endOffset], as: UTF8.self)
            }
            return c
        }
    }
}
