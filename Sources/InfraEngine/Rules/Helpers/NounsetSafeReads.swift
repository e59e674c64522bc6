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
            guard e.op == nil, !e.isLength, !e.isIndirect else { return Read(expansion: e, replacement: nil) }
            return Read(expansion: e, replacement: emptyDefault(e, in: utf8))
        }
    }

    /// `${X:-}` for a read written `$X` or `${X}` (its bytes where the parser placed them),
    /// else nil: the rewrite that gives the same empty word an unset name gave. The text must
    /// be what the parser says it is; anything else is left alone.
    static func emptyDefault(_ e: ShellExpansion, in utf8: [UInt8]) -> String? {
        guard e.startOffset >= 0, e.startOffset < e.endOffset, e.endOffset <= utf8.count else { return nil }
        let written = String(decoding: utf8[e.startOffset..<e.endOffset], as: UTF8.self)
        return written == "$\(e.name)" || written == "${\(e.name)}" ? "${\(e.name):-}" : nil
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
        (reads(script) + ambientReads(script)).first { $0.replacement == nil }?.expansion ?? arithmeticOutsideRead(script)
    }

    /// The first name read in arithmetic (`(( VERBOSE ))`, `for (( i = 0; i < COUNT; i++ ))`,
    /// `$(( N + 1 ))`) that the script does not set on an earlier line. Unset is 0 there; under `-u` it stops the
    /// task, and a value that is not a number (`VERBOSE=true`) is itself read as a name and
    /// stops it even with a default (bash manual, "Shell Arithmetic": a variable's value is
    /// evaluated as an expression). `-u` is not added to such a task.
    static func arithmeticOutsideRead(_ script: ShellScript) -> ShellExpansion? {
        // The first line that sets each name; a read on that line or before it may see it
        // unset (`(( RETRIES > 0 )) || RETRIES=3`), except `for (( i = 0; ...))`'s own variable.
        var firstSet: [String: Int] = [:]
        for a in script.assignments where a.kind != .prefix {
            let line = a.kind == .forLoopVariable ? a.line - 1 : a.line
            firstSet[a.name] = min(firstSet[a.name] ?? Int.max, line)
        }
        let utf8 = Array(script.text.utf8)
        let arithmetic = script.commands.filter { $0.name == "((" }
        return script.expansions.first { e in
            // Names bash always sets (`OPTIND`, `RANDOM`, `SECONDS`) are never unset.
            let alwaysSet = RequiredEnvironment.ambient.contains(e.name) && !mayBeUnset.contains(e.name)
            guard !e.hasDefault, !e.isIndirect, !alwaysSet, (firstSet[e.name] ?? Int.max) >= e.line, let first = e.name.utf8.first,
                  first == UInt8(ascii: "_") || (first | 0x20 >= UInt8(ascii: "a") && first | 0x20 <= UInt8(ascii: "z")),
                  e.startOffset < utf8.count else { return false }
            if utf8[e.startOffset] != UInt8(ascii: "$") { return true }  // a bare name: arithmetic only
            return arithmetic.contains { $0.startOffset <= e.startOffset && e.startOffset < $0.endOffset }
        }
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
                && e.startOffset >= command.startOffset && e.endOffset <= command.endOffset {
                if let replacement = emptyDefault(e, in: utf8) { out.append(Read(expansion: e, replacement: replacement)) }
            }
        }
        return out
    }

    /// The script's text with every rewritable read written `${N:-}` (emptiness tests' reads
    /// `${X:-}`, whole-word `"${a[@]}"` as `${a[@]+"${a[@]}"}`); lines are not added or removed, so line numbers of the original stay
    /// valid for later edits.
    /// `defaults`: the variables rule's switch defaults for this task (`VariablesEdit.switchDefaults`),
    /// made here too so that the strict-mode patch alone, accepted without the variables
    /// operation, never stops on an optional switch (the session-9 tester's D8).
    static func rewritten(_ script: ShellScript, defaults: [(start: Int, end: Int, text: String)] = []) -> String {
        let edits = (reads(script) + emptinessTestReads(script) + NounsetArrayReads.reads(script) + ambientReads(script)).compactMap { read in
            read.replacement.map { (start: read.start, end: read.end, text: $0) }
        }
        return ByteRangeEdits.apply(defaults + edits, to: script.text)
    }

    /// Names bash or the environment may leave unset that no rule asks a person for
    /// (`RequiredEnvironment.ambient` minus what bash always sets): `[[ $DEBUG == 1 ]]`
    /// works unset today and would stop under `-u`.
    static let mayBeUnset: Set<String> = [
        "DEBUG", "CI", "EDITOR", "VISUAL", "TMPDIR", "INFRA_LOG_DIR", "LANG", "LC_ALL", "TERM", "USER", "LOGNAME",
        "OLDPWD", "OPTARG", "REPLY", "COLUMNS", "LINES", "HISTFILE", "HISTSIZE", "PS1", "PS2", "PS4", "TMOUT",
        "BASH_ENV", "BASH_XTRACEFD", "BASH_REMATCH", "MAPFILE", "COPROC", "COMP_WORDS", "COMP_CWORD", "COMPREPLY",
    ]

    /// Bare reads of `mayBeUnset` names the script never assigns: `${X:-}`, the same empty
    /// value; one with an operator that has no default form blocks `-u` (replacement nil).
    static func ambientReads(_ script: ShellScript) -> [Read] {
        var assigned = Set(script.assignments.filter { $0.kind != .prefix }.map(\.name))
        // What builtins the script runs set them: getopts sets OPTARG for an option that takes
        // one, `read` with no name sets REPLY, mapfile MAPFILE, `[[ =~ ]]` BASH_REMATCH.
        let names = Set(script.commands.compactMap(\.name))
        if names.contains("getopts") { assigned.insert("OPTARG") }
        if names.contains("read") || names.contains("select") { assigned.insert("REPLY") }
        if names.contains("mapfile") || names.contains("readarray") { assigned.insert("MAPFILE") }
        if script.text.contains("=~") { assigned.insert("BASH_REMATCH") }
        let utf8 = Array(script.text.utf8)
        return script.expansions.compactMap { e in
            guard mayBeUnset.contains(e.name), !assigned.contains(e.name), !e.hasDefault, !e.isIndirect else { return nil }
            // A bare name in arithmetic (no `$`) has no such form: it blocks `-u`.
            guard e.op == nil, !e.isLength else { return Read(expansion: e, replacement: nil) }
            return Read(expansion: e, replacement: emptyDefault(e, in: utf8))
        }
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
        if !isPositional(e.name) && !mayBeUnset.contains(e.name) {
            return "reads `\(e.name)` in arithmetic (line \(e.line)) before setting it; under `set -u` bash stops there when it is "
                + "unset, or set to a word that is not a number (`\(e.name)=true`), so `-u` is not added"
        }
        if isPositional(e.name) {
            return "reads a positional parameter with an operator that has no form with a default (line \(e.line)); under `set -u` "
                + "bash stops there when the argument is missing (`\(e.name): unbound variable`), so `-u` is not added"
        }
        return "reads `\(e.name)`, which may be unset, in a form that has no default (line \(e.line)); under `set -u` "
            + "bash stops there when it is unset (`\(e.name): unbound variable`), so `-u` is not added"
    }
}
