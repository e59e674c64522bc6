import ShellReader

/// The text changes of the variables rule, in the task's own style:
/// - names to validate join the task's existing validator call (`require_env A B`,
///   `check_env A`), or get a `: "${X:?...}"` line shaped like the task's own ones, placed
///   after the last line that loads what the task reads (sources, `set`, existing checks);
/// - derivations (`X="${X:-${ZONE%-*}}"`) go right after the line that validates their source;
/// - optional switches are read as `${X:-default}` on the lines that test them.
/// Nothing is ever put above the line that provides a value.
enum VariablesEdit {
    static func rewrite(_ task: ShellFile, reads: [UncheckedRead], vars: ScriptVariables, scope: FunctionScope) -> String {
        let script = task.script
        var editor = LineEditor(script.text)
        var names: [String] = []
        for read in reads {
            let wanted = read.remedy == .validate ? [read.name] : read.derivedFrom
            for n in wanted where !names.contains(n) && vars.validated[n] == nil && vars.provided[n] == nil { names.append(n) }
        }
        let firstRead = reads.filter { !$0.isSwitch }.flatMap(\.lines).min() ?? Int.max
        for read in reads {
            guard case .defaultSwitch(let value) = read.remedy else { continue }
            for line in Set(read.lines) { editor.replace(line...line, with: [defaulting(read.name, to: value, in: editor.line(line))]) }
        }
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
                let shape = model.flatMap(checkShape) ?? (name: "X", text: ": \"${X:?X must be set (see the required environment)}\"")
                editor.insert(names.map { shape.text.replacingOccurrences(of: shape.name, with: $0) }, after: guardLine)
            }
        }
        for read in reads {
            guard case .derive(_, let expression, let after) = read.remedy else { continue }
            editor.insert(["\(read.name)=\"${\(read.name):-\(expression)}\""], after: max(after, names.isEmpty ? 0 : guardLine))
        }
        return editor.text()
    }

    /// `$X` / `${X}` -> `${X:-value}` on one line.
    static func defaulting(_ name: String, to value: String, in line: String) -> String {
        var out = line.replacingOccurrences(of: "${\(name)}", with: "${\(name):-\(value)}")
        var result = ""
        var rest = Substring(out)
        while let r = rest.range(of: "$\(name)") {
            result += rest[..<r.lowerBound]
            let after = rest[r.upperBound...]
            if let c = after.first, c == "_" || c.isLetter || c.isNumber {
                result += rest[r]
            } else {
                result += "${\(name):-\(value)}"
            }
            rest = after
        }
        out = result + rest
        return out
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
