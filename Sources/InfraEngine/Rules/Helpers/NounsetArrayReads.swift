import ShellReader

/// `"${extra[@]}"` under `set -u` (brk7 D13). Bash before 4.4 treats an empty array as unset,
/// so with `-u` the expansion stops the script (`extra[@]: unbound variable`); 4.4 and later
/// expand it to nothing (bash NEWS, bash-4.4 item "Using ${a[@]} or ${a[*]} with an array
/// without any assigned elements when the nounset option is enabled no longer throws an
/// unbound variable error"). The patch cannot know which bash runs the task (macOS ships
/// 3.2), so it writes the portable `${extra[@]+"${extra[@]}"}`: `+` expands its word only
/// when the array has elements (bash manual, Shell Parameter Expansion), and then to exactly
/// `"${extra[@]}"`, so every bash gives the same words as before.
///
/// Only a whole word that is exactly `"${NAME[@]}"` (or `[*]`) is rewritten, found by the
/// parser's expansion range and checked against the command's (or `for` loop's) own words,
/// so a quote that closes another string next to it (`"x "${a[@]}" y"`) is never taken for
/// this word's. Heredoc bodies are text, where quotes are printed, and are left alone.
enum NounsetArrayReads {
    static func reads(_ script: ShellScript) -> [NounsetSafeReads.Read] {
        let utf8 = Array(script.text.utf8)
        var out: [NounsetSafeReads.Read] = []
        for e in script.expansions where e.op == nil && !e.isLength && !e.isIndirect && !e.inHeredoc {
            guard e.startOffset > 0, e.endOffset < utf8.count else { continue }
            let inner = String(decoding: utf8[e.startOffset..<e.endOffset], as: UTF8.self)
            guard inner == "${\(e.name)[@]}" || inner == "${\(e.name)[*]}",
                  utf8[e.startOffset - 1] == UInt8(ascii: "\""), utf8[e.endOffset] == UInt8(ascii: "\"") else { continue }
            let quoted = "\"" + inner + "\""
            guard isWholeWord(quoted, at: e.startOffset - 1, line: e.line, in: script, utf8: utf8) else { continue }
            let index = inner.hasSuffix("[*]}") ? "[*]" : "[@]"
            out.append(NounsetSafeReads.Read(expansion: e, replacement: "${\(e.name)\(index)+\(quoted)}",
                                             start: e.startOffset - 1, end: e.endOffset + 1))
        }
        return out
    }

    /// Whether every occurrence of `quoted` in the command (or loop header) holding `offset`
    /// is one of its words as written.
    private static func isWholeWord(_ quoted: String, at offset: Int, line: Int, in script: ShellScript, utf8: [UInt8]) -> Bool {
        if let command = script.commands.last(where: { $0.startOffset <= offset && offset + quoted.utf8.count <= $0.endOffset }) {
            let text = String(decoding: utf8[command.startOffset..<command.endOffset], as: UTF8.self)
            let words = command.words.filter { $0.raw == quoted }.count
            // A command's own words only: nested substitutions are commands of their own, and
            // the innermost command holding the offset is the one found.
            return words > 0 && occurrences(of: quoted, in: text) == words
        }
        guard let loop = script.loops.first(where: { $0.startLine == line && $0.kind == .forIn }) else { return false }
        let lineText = String(script.lines[line - 1])
        let words = loop.words.filter { $0.raw == quoted }.count
        return words > 0 && occurrences(of: quoted, in: lineText) == words
    }

    private static func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
