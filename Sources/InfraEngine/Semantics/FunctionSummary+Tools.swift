import ShellReader

// The tool half of a function summary: wrapper, probe, ensure-helper (issue 12 item 2).
//
// - wrapper: a body command runs a CLI (or another wrapper) with the caller's arguments
//   (`"$@"`, after any `shift`), plus the words it adds on either side;
// - probe: the body's last command is a lookup (describe, get, status, list), directly or
//   through a wrapper, output silenced or not, so the function's exit status says whether
//   something exists;
// - ensure-helper: the body creates only behind a lookup (`probe || create`, `if ! probe`).
// Summaries compose through `known`: a wrapper over a wrapper adds both sets of words.
extension FunctionSummaries {
    /// The command-line tools whose calls the rules read.
    static let tools: Set<String> = ["gcloud", "kubectl", "helm", "k3d", "kind", "aws", "az", "terraform"]

    static func isAllArguments(_ word: ShellWord) -> Bool {
        ["\"$@\"", "$@", "\"${@}\"", "${@}", "\"$*\"", "$*"].contains(word.raw)
    }

    static func summarizeTools(_ s: inout FunctionSummary, function: ShellFunction, body: [ShellCommand],
                               in script: ShellScript, known: [String: FunctionSummary]) {
        var shifted = 0
        for command in body {
            guard let name = command.name else { continue }
            if name == "shift" {
                shifted += Int(command.arguments.first?.literal ?? "1") ?? 1
                continue
            }
            guard s.wrapper == nil, let at = command.arguments.firstIndex(where: isAllArguments) else { continue }
            let args = command.arguments
            if tools.contains(name) {
                s.wrapper = FunctionSummary.Wrapper(tool: name, leading: Array(args[..<at]), trailing: Array(args[(at + 1)...]),
                                                    shifted: shifted)
            } else if let inner = known[name]?.wrapper, name != function.name {
                s.wrapper = FunctionSummary.Wrapper(tool: inner.tool, leading: inner.leadingArguments + Array(args[..<at]),
                                                    trailing: Array(args[(at + 1)...]) + inner.trailingArguments,
                                                    shifted: shifted + inner.shifted)
            }
        }
        // The last command decides the exit status: a lookup there makes a probe.
        if let last = body.last(where: { $0.functionName == function.name && $0.operatorAfter == nil }),
           last.operatorBefore == nil || last.operatorBefore == "|",
           let effective = EffectiveCommand.resolve(last, scope: known), effective.action.isLookup {
            s.isProbe = true
        }
        if !s.isProbe, let last = body.last(where: { $0.functionName == function.name && $0.operatorAfter == nil }),
           filtersALookup(last, in: script, known: known) {
            s.isProbe = true
        }
        if let last = body.last(where: { $0.functionName == function.name }), let name = last.name, known[name]?.isProbe == true,
           last.operatorBefore == nil, last.operatorAfter == nil, s.wrapper == nil {
            s.isProbe = true
        }
        // A create behind a lookup, in the function's own body: an ensure-helper.
        // Which branch counts (`BranchFacts`): `if probe; then create` creates when it exists.
        let creates = body.compactMap { EffectiveCommand.resolve($0, scope: known) }.filter { $0.action == .create }
        guard !creates.isEmpty else { return }
        let facts = BranchFacts(script: script, succeeds: { c in
            BranchFacts.cannotFail(c) || c.name.flatMap { known[$0]?.onlyPrints } == true
        }) { c in isLookup(c, known: known) ? .exists : nil }
        let lookup = { (i: Int) in facts.meaning(script.commands[i]) != nil }
        s.isEnsure = creates.allSatisfy { cmd in
            guard let index = script.commands.firstIndex(where: { $0 === cmd.command }) else { return false }
            if let byList = facts.guardedByList(index) { return byList }
            if cmd.command.operatorBefore == "||" { return true }
            return facts.guardingBranch(of: cmd.command, isLookup: lookup) != nil
                || facts.earlyExit(before: cmd.command, isLookup: lookup) != nil
        }
    }
}

extension FunctionSummaries {
    /// Whether `c` asks whether something exists, with the summaries known so far: a probe
    /// function (not a wrapper), or a tool call whose action is a lookup, directly or through
    /// a wrapper.
    static func isLookup(_ c: ShellCommand, known: [String: FunctionSummary]) -> Bool {
        if let name = c.name, let k = known[name], k.wrapper == nil, k.isProbe { return true }
        return EffectiveCommand.resolve(c, scope: known)?.action.isLookup == true
    }

    /// Whether `last` turns a lookup's output into an exit status, as real probes do:
    /// `gcloud ... list --filter ... --format 'value(name)' | grep -q .` (grep exits 1 when
    /// nothing matched; `-v` inverts that, so it is left out) or `[ -n "$(kubectl get ...)" ]`
    /// (`test -n` of the printed text; bash manual, "Bash Conditional Expressions").
    static func filtersALookup(_ last: ShellCommand, in script: ShellScript, known: [String: FunctionSummary]) -> Bool {
        guard let name = last.name, let index = script.commands.firstIndex(where: { $0 === last }) else { return false }
        func isLookup(_ c: ShellCommand) -> Bool { Self.isLookup(c, known: known) }
        if ["grep", "egrep", "fgrep"].contains(name), last.operatorBefore == "|" || last.operatorBefore == "|&",
           !last.arguments.contains(where: { ($0.literal ?? "").hasPrefix("-") && !($0.literal ?? "").hasPrefix("--") && ($0.literal ?? "").contains("v") || $0.literal == "--invert-match" }) {
            var j = index - 1
            while j >= 0 {
                let c = script.commands[j]
                if c.functionName == last.functionName, c.enclosing == last.enclosing {
                    if isLookup(c) { return true }
                    if c.operatorBefore != "|" && c.operatorBefore != "|&" { break }
                }
                j -= 1
            }
            return false
        }
        if ["[", "[[", "test"].contains(name), last.operatorBefore == nil,
           last.arguments.first?.literal == "-n" {
            var j = index + 1
            while j < script.commands.count, script.commands[j].startOffset < last.endOffset {
                if script.commands[j].enclosing.last == .substitution, isLookup(script.commands[j]) { return true }
                j += 1
            }
        }
        return false
    }
}

extension FunctionSummary.Wrapper {
    /// A wrapper with its words as parsed (expansions kept), `shifted` arguments consumed
    /// before `"$@"` (`local ns="$1"; shift`). The words keep no line: they are written in
    /// the wrapper's file, not the caller's, and a call puts them on its own line (`placed`).
    init(tool: String, leading: [ShellWord], trailing: [ShellWord], shifted: Int) {
        self.init(tool: tool, leadingWords: leading.map(\.raw), trailingWords: trailing.map(\.raw))
        leadingArguments = Self.placed(leading, at: 0)
        trailingArguments = Self.placed(trailing, at: 0)
        self.shifted = shifted
    }

    /// `words` on `line`: the wrapper's words as a call on that line runs them.
    static func placed(_ words: [ShellWord], at line: Int) -> [ShellWord] {
        words.map { ShellWord(raw: $0.raw, literal: $0.literal, unquotedText: $0.unquotedText, line: line, hasExpansion: $0.hasExpansion) }
    }

    /// The words a call on `line` runs: the tool, the words the wrapper adds, and `call`
    /// (the caller's arguments it passes on), every added word on the call's line.
    func words(around call: some Sequence<ShellWord>, at line: Int) -> [ShellWord] {
        let toolWord = ShellWord(raw: tool, literal: tool, unquotedText: tool, line: line, hasExpansion: false)
        return [toolWord] + Self.placed(leadingArguments, at: line) + call + Self.placed(trailingArguments, at: line)
    }

    /// Every word the wrapper adds, leading then trailing.
    var addedArguments: [ShellWord] { leadingArguments + trailingArguments }
}
