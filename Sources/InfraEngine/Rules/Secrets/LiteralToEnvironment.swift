import Foundation
import ShellReader

/// A script that gives a credential as a literal (`--set ...password=...`,
/// `--from-literal=password=...`, `DB_PASSWORD=...`) reads it from the environment instead:
/// validated up front, on the entrypoint's required list, everything else on the line kept
/// (chart, namespace, flags). The patch carries no pre-image (`FileEdit.rewrite`), and the
/// operation is HIGH: the literal is in earlier commits, so it must be changed.
enum LiteralToEnvironment {
    struct Replacement { let literal: ScriptLiterals.Literal; let variable: String }

    static func draft(for leak: SecretsRule.Leak, context: RuleContext, tree: inout RepoSnapshot,
                      required: inout RequiredEnvironment.Tally?) -> OperationDraft? {
        let reality = context.reality
        guard let text = tree.text(leak.path) else { return nil }
        let script = reality.cache.script(path: leak.path, text: text)
        var lines = text.newlineSeparatedLines.map(String.init)
        var replacements: [Replacement] = []
        for literal in ScriptLiterals.literals(in: text).reversed() {
            guard let variable = variable(for: literal, line: lines[literal.line - 1], script: script) else { continue }
            let ns = NSMutableString(string: lines[literal.line - 1])
            switch literal.form {
            case .assignment:
                guard literal.ownsLine else { continue }
                if variable == literal.key {
                    ns.setString(SecretEnvironment.validationLine(variable))
                } else {
                    // `password=...`: the script keeps its own name, now set from the environment.
                    ns.replaceCharacters(in: literal.valueRange, with: "\"${\(variable):?export \(variable)}\"")
                }
            case .helmSet, .fromLiteral:
                guard !literal.insideSingleQuotes else { continue }
                ns.replaceCharacters(in: literal.valueRange, with: literal.insideDoubleQuotes ? "${\(variable)}" : "\"$\(variable)\"")
            }
            lines[literal.line - 1] = ns as String
            replacements.append(Replacement(literal: literal, variable: variable))
        }
        // Every literal or none: a half-fixed script would still be reported, and never converge.
        guard !replacements.isEmpty, replacements.count == leak.hits.count else { return nil }
        let variables = Array(Set(replacements.map(\.variable))).sorted()
        let rewritten = SecretEnvironment.validating(variables, in: lines.joined(separator: "\n"), path: leak.path)
        let edits = SecretEnvironment.record(leak.path, text: rewritten, reality: reality, tree: &tree, required: &required, rewrite: true)
        let keys = replacements.map { "`\($0.literal.key)` (line \($0.literal.line))" }.reversed().joined(separator: ", ")
        let run = "./\(reality.layout.entrypoint)"
        return OperationDraft(
            id: OperationID.slug("secrets", "env", String(fileName(leak.path))),
            title: "Read the credentials in \(leak.path) from the environment and rotate them",
            group: .external, risk: .high,
            rationale: "\(leak.path) gives \(keys) a literal credential, so anyone with the repository has it. "
                + "It now reads \(variables.map { "$" + $0 }.joined(separator: ", ")) from the environment, validated before anything runs "
                + "and listed in the entrypoint's required environment; the rest of each command is unchanged. "
                + "The patch does not show the old lines (it would copy the credential): it replaces the file by blob id. "
                + "The old value stays in earlier commits: change it where it is checked.",
            findings: replacements.map { "secrets:\(leak.path):literal-\($0.literal.key)" }.sorted(),
            preconditions: ["a new value for \(variables.joined(separator: ", ")) is chosen and kept outside the repository (a secret manager, CI secrets)"],
            commands: variables.map { "change the credential now in $\($0) where it is checked (the service's admin settings or API), then export \($0) with the new value" }
                + ["bash -n \(leak.path)", "env -u \(variables[0]) \(run) --dry-run   # stops, naming \(variables[0])"],
            expectedOutputs: ["without \(variables[0]) the run stops before any task with a message naming it",
                              "the old value is refused where it was accepted"],
            edits: edits)
    }

    /// The variable a literal becomes: an assignment keeps its own name; `--set` takes the
    /// release's namespace (or release) and the key; `--from-literal` the Secret's name and key.
    static func variable(for literal: ScriptLiterals.Literal, line: String, script: ShellScript) -> String? {
        switch literal.form {
        case .assignment:
            return RequiredEnvironment.isEnvName(literal.key) ? literal.key : literal.key.uppercased()
        case .helmSet, .fromLiteral:
            guard let cmd = script.commands.first(where: { $0.startLine <= literal.line && literal.line <= $0.endLine && $0.words.contains { $0.raw.contains(literal.key) } }) else {
                return nil
            }
            let words = cmd.words.map(\.unquotedText)
            return SecretEnvironment.variableName(owner: owner(of: literal.form, words: words), key: literal.key)
        }
    }

    /// `helm ... --namespace bi` -> bi (else the release); `kubectl create secret generic NAME` -> NAME.
    static func owner(of form: ScriptLiterals.Literal.Form, words: [String]) -> String? {
        func after(_ flags: [String]) -> String? {
            for (i, w) in words.enumerated() {
                if flags.contains(w), i + 1 < words.count, !words[i + 1].contains("$") { return words[i + 1] }
                for f in flags where f.hasPrefix("--") && w.hasPrefix(f + "=") { return String(w.dropFirst(f.count + 1)) }
            }
            return nil
        }
        if form == .fromLiteral {
            if let i = words.firstIndex(of: "generic"), i + 1 < words.count, !words[i + 1].hasPrefix("-") { return words[i + 1] }
            return nil
        }
        if let ns = after(["--namespace", "-n"]) { return ns }
        // `helm upgrade --install RELEASE CHART`: the first operand after the verb.
        let operands = words.dropFirst(2).filter { !$0.hasPrefix("-") }
        return operands.first
    }
}
