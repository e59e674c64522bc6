import ShellReader

/// The text changes of the variables rule, in the task's own style:
/// - names to validate join the task's existing validator call (`require_env A B`,
///   `check_env A`), or get a `: "${X:?...}"` line shaped like the task's own ones, placed
///   after the last line that loads what the task reads (sources, `set`, existing checks);
/// - derivations (`X="${X:-${ZONE%-*}}"`) go right after the line that validates their source;
/// - optional switches are read as `${X:-default}` on the lines that test them.
/// Nothing is ever put above the line that provides a value.
enum VariablesEdit {
    /// `pointsAtRequired`: a new `: "${X:?...}"` line's message says where the required
    /// environment is listed (false when the plan lists it nowhere).
    static func rewrite(_ task: ShellFile, reads: [UncheckedRead], vars: ScriptVariables, scope: FunctionScope,
                        pointsAtRequired: Bool = true) -> String {
        let script = task.script
        // Switches first, on the bytes the parser reads as their expansions (the text keeps
        // its lines, so the line edits below still apply).
        var editor = LineEditor(defaultingSwitches(reads, in: script))
        var names: [String] = []
        for read in reads {
            let wanted = read.remedy == .validate ? [read.name] : read.derivedFrom
            for n in wanted where !names.contains(n) && vars.validated[n] == nil && vars.provided[n] == nil { names.append(n) }
        }
        let firstRead = reads.filter { !$0.isSwitch }.flatMap(\.lines).min() ?? Int.max
        var guardLine = anchor(script, before: firstRead)
        if !names.isEmpty {
            if let call = validatorCall(script, scope: scope, before: firstRead) {
                let t = CommandText(call, in: script)
                editor.replace(call.startLine...call.endLine,
                               with: t.lines(inserting: [(call.endOffset, " " + names.joined(separator: " "))]))
                guardLine = max(guardLine, call.endLine)
            } else if let helper = libraryValidator(scope, task: task) {
                editor.insert(["\(helper) \(names.joined(separator: " "))"], after: guardLine)
            } else {
                let model = parameterCheck(script, before: firstRead)
                if let model { guardLine = max(guardLine, model.endLine) }
                let shape = model.flatMap(checkShape) ?? (name: "X", text: pointsAtRequired ? ": \"${X:?X must be set (see the required environment)}\"" : ": \"${X:?X must be set}\"")
                editor.insert(names.map { shape.text.replacingOccurrences(of: shape.name, with: $0) }, after: guardLine)
            }
        }
        for read in reads {
            guard case .derive(_, let expression, let after) = read.remedy else { continue }
            editor.insert(["\(read.name)=\"${\(read.name):-\(expression)}\""], after: max(after, names.isEmpty ? 0 : guardLine))
        }
        return editor.text()
    }

    /// The script's text with each optional switch's bare reads (`$X`, `${X}`) on the lines
    /// that test it written `${X:-value}`: the parser's expansions, so a `$X` in single quotes
    /// (awk's `'{print $X}'`), a quoted heredoc or a comment is left as it is.
    static func defaultingSwitches(_ reads: [UncheckedRead], in script: ShellScript) -> String {
        ByteRangeEdits.apply(switchDefaults(reads, in: script), to: script.text)
    }

    /// The byte edits of `defaultingSwitches`: each switch read `${X:-value}`. The helpers
    /// rule makes the same edits when it adds `-u`, so its patch alone keeps the task working.
    static func switchDefaults(_ reads: [UncheckedRead], in script: ShellScript) -> [(start: Int, end: Int, text: String)] {
        var edits: [(start: Int, end: Int, text: String)] = []
        for read in reads {
            guard case .defaultSwitch(let value) = read.remedy else { continue }
            let lines = Set(read.lines)
            for e in script.expansions where e.name == read.name && e.op == nil && !e.isIndirect && !e.isLength && lines.contains(e.line) {
                edits.append((e.startOffset, e.endOffset, "${\(read.name):-\(value)}"))
            }
        }
        return edits
    }

    /// A top-level call, before the first read, of a function that validates all its
    /// arguments (`require_env A B`, `check_env A`), owning its lines.
    static func validatorCall(_ script: ShellScript, scope: FunctionScope, before limit: Int) -> ShellCommand? {
        script.commands.last { cmd in
            guard let n = cmd.name, cmd.enclosing.isEmpty, cmd.startLine < limit else { return false }
            let everyArgument = scope[n]?.validates.contains(.arguments(positions: nil)) ?? RequiredEnvironment.validators.contains(n)
            return everyArgument && CommandText(cmd, in: script).ownsItsLines
        }
    }

    /// A function of a sourced library that validates every argument (`require_env`), when
    /// the task has no check of its own to copy: the project's helper is its style.
    static func libraryValidator(_ scope: FunctionScope, task: ShellFile) -> String? {
        scope.summaries.values.filter { $0.path != task.path && $0.validates.contains(.arguments(positions: nil)) }
            .map(\.name).sorted().first
    }

    /// The task's last top-level `: "${X:?...}"` line before the first read.
    static func parameterCheck(_ script: ShellScript, before limit: Int) -> ShellCommand? {
        script.commands.last { cmd in
            cmd.name == ":" && cmd.enclosing.isEmpty && cmd.endLine < limit
                && cmd.arguments.contains { $0.unquotedText.hasPrefix("${") && $0.unquotedText.contains(":?") }
                && CommandText(cmd, in: script).ownsItsLines
        }
    }

    /// `: "${GCP_PROJECT:?set GCP_PROJECT}"` -> the name and a one-name line of that shape.
    /// A message that says more than "set NAME" (a hint, an example value) belongs to its own
    /// variable, so only the bare check and short generic messages are copied.
    static func checkShape(_ cmd: ShellCommand) -> (name: String, text: String)? {
        guard let word = cmd.arguments.first(where: { $0.unquotedText.hasPrefix("${") && $0.unquotedText.contains(":?") }),
              let name = RequiredEnvironment.variableName(in: word.unquotedText),
              let op = word.unquotedText.range(of: ":?") else { return nil }
        let message = word.unquotedText[op.upperBound...].dropLast()
        let rest = message.replacingOccurrences(of: name, with: "").split(separator: " ")
        let generic = rest.count <= 3 && rest.allSatisfy { $0.allSatisfy(\.isLetter) }
        guard generic, word.raw.hasPrefix("\"") || word.raw.hasPrefix("$") else { return nil }
        return (name, ": \(word.raw)")
    }

    /// After the last top-level `source` or `set` line near the top, else after the shebang.
    static func anchor(_ script: ShellScript, before limit: Int) -> Int {
        let top = script.commands.filter { cmd in
            cmd.enclosing.isEmpty && cmd.endLine < limit && (cmd.name == "source" || cmd.name == "." || cmd.name == "set")
                && CommandText(cmd, in: script).ownsItsLines
        }
        if let last = top.map(\.endLine).max() { return last }
        return script.shebang == nil ? 0 : 1
    }
}
