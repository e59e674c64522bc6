import Foundation
import ShellReader

/// Adding `set -u` to a task that has none must not make it fail (issue 12: optional parameters).
///
/// Under `set -u` bash stops at "an attempt to expand an unset variable or parameter other
/// than the special parameters `@` or `*`" (bash manual, The Set Builtin). A task without it
/// that reads `$1` bare (`CTX=$1; if [ -z "$CTX" ]; then CTX=$(kubectl config
/// current-context); fi`) works without an argument; with `-u` it dies with
/// `$1: unbound variable`. `${1:-}` expands to the same empty word without `-u` and is
/// allowed under it (bash manual, Shell Parameter Expansion), so the strict-mode patch
/// rewrites those reads and the script keeps its behaviour.
///
/// The reads are the parser's own (`ShellExpansion` with its byte range), never a search of
/// the line's text: a `$1` in single quotes (awk's `'{print $1}'`, even inside `"$(...)"`)
/// or in a quoted heredoc is no expansion, and one in an expanding heredoc is. Reads inside
/// functions count as well: a function's `$2` is its caller's second argument, and
/// `deploy_one "$@"` called with one argument leaves it unset. A read that has no form with
/// a default (`${1%/}`, `${1^^}`, `${#1}`, `${1:0:3}`) blocks `-u` instead (`blocker`).
enum NounsetSafeReads {
    /// A positional read and, when it can be, its rewrite (nil: none keeps the behaviour).
    struct Read {
        let expansion: ShellExpansion
        let replacement: String?
        /// The bytes the replacement takes the place of: the expansion's own, or wider
        /// (`NounsetArrayReads` takes the quotes around it too).
        let start: Int
        let end: Int

        init(expansion: ShellExpansion, replacement: String?, start: Int? = nil, end: Int? = nil) {
            self.expansion = expansion
            self.replacement = replacement
            self.start = start ?? expansion.startOffset
            self.end = end ?? expansion.endOffset
        }
    }

    /// Every positional parameter read (`$1`, `${10}`, `${1%/}`) that `-u` can stop at:
    /// no default operator (`${1:-}`, `${1+x}` are allowed unset).
    static func reads(_ script: ShellScript) -> [Read] {
        let utf8 = Array(script.text.utf8)
        return script.expansions.compactMap { e in
            guard isPositional(e.name), !e.hasDefault else { return nil }
            guard e.op == nil, !e.isLength, !e.isIndirect,
                  e.startOffset >= 0, e.endOffset <= utf8.count, e.startOffset < e.endOffset else {
                return Read(expansion: e, replacement: nil)
            }
            // The text must be what the parser says it is; anything else is left alone.
            let written = String(decoding: utf8[e.startOffset..<e.endOffset], as: UTF8.self)
            let fits = written == "$\(e.name)" || written == "${\(e.name)}"
            return Read(expansion: e, replacement: fits ? "${\(e.name):-}" : nil)
        }
    }

    /// `1`...`9`, `10`...: positional parameters (`0` is always set).
    static func isPositional(_ name: String) -> Bool {
        !name.isEmpty && name != "0" && name.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Lines holding a positional read the patch rewrites.
    static func barePositionalLines(_ script: ShellScript) -> [Int] {
        Array(Set(reads(script).filter { $0.replacement != nil }.map(\.expansion.line))).sorted()
    }

    /// The first read no default can be added to: `-u` is not added to such a task.
    static func blocker(_ script: ShellScript) -> ShellExpansion? {
        reads(script).first { $0.replacement == nil }?.expansion
    }

    /// Bare reads of the variable an emptiness test checks (`[ -z "$X" ]`, `[[ -n $X ]]`,
    /// `test -z "${X}"`): the test asks whether X is empty, and unset is empty to it, so
    /// `${X:-}` keeps its answer while `-u` would stop there instead (an optional
    /// `SLACK_WEBHOOK_URL`, a `[ -z "$X" ] && die "X is required"` whose message would be lost).
    static func emptinessTestReads(_ script: ShellScript) -> [Read] {
        var out: [Read] = []
        let utf8 = Array(script.text.utf8)
        for command in script.commands where command.name.map(ScriptVariables.testCommands.contains) ?? false {
            let words = command.arguments.map(\.unquotedText)
            var tested: Set<String> = []
            for flag in words.indices.dropLast() where words[flag] == "-n" || words[flag] == "-z" {
                if let name = RequiredEnvironment.variableName(in: words[flag + 1]), !isPositional(name),
                   words[flag + 1] == "$\(name)" || words[flag + 1] == "${\(name)}" { tested.insert(name) }
            }
            for e in script.expansions where tested.contains(e.name) && e.op == nil && !e.isLength && !e.isIndirect
                && e.startOffset >= command.startOffset && e.endOffset <= command.endOffset && e.endOffset <= utf8.count {
                let written = String(decoding: utf8[e.startOffset..<e.endOffset], as: UTF8.self)
                if written == "$\(e.name)" || written == "${\(e.name)}" { out.append(Read(expansion: e, replacement: "${\(e.name):-}")) }
            }
        }
        return out
    }

    /// The script's text with every rewritable read written `${N:-}` (emptiness tests' reads
    /// `${X:-}`, whole-word `"${a[@]}"` as `${a[@]+"${a[@]}"}`); lines are not added or removed, so line numbers of the original stay
    /// valid for later edits.
    static func rewritten(_ script: ShellScript) -> String {
        let edits = (reads(script) + emptinessTestReads(script) + NounsetArrayReads.reads(script)).compactMap { read in
            read.replacement.map { (start: read.start, end: read.end, text: $0) }
        }
        return ByteRangeEdits.apply(edits, to: script.text)
    }

    /// The words the finding adds: what the patch does to keep the task working.
    static func note(_ script: ShellScript) -> String? {
        let lines = barePositionalLines(script)
        guard !lines.isEmpty else { return nil }
        let where_ = lines.map(String.init).joined(separator: ", ")
        return "; it reads positional parameters bare (line \(where_)), which `-u` would stop at when no argument "
            + "is given, so the patch writes them `${1:-}` (the same empty value as now)"
    }

    /// Why `-u` is left out for a read `blocker` found.
    static func blockerMessage(_ e: ShellExpansion) -> String {
        "reads a positional parameter with an operator that has no form with a default (line \(e.line)); under `set -u` "
            + "bash stops there when the argument is missing (`\(e.name): unbound variable`), so `-u` is not added"
    }
}
