import Foundation
import ShellReader

/// The fix for a file that is a credential as a whole (a key, a kubeconfig, an env file, a
/// Secret manifest): it leaves git's index but stays on disk, is ignored, and leaves a
/// template; scripts that read it stop with a clear message where it is absent (a fresh
/// clone); a Secret manifest also leaves its kustomization, and its task creates the Secret
/// from the environment instead (`SecretRecreation`).
enum SecretFileFix {
    typealias Ignore = (pattern: String, comment: String)

    static func draft(for leak: SecretsRule.Leak, context: RuleContext, tree: inout RepoSnapshot,
                      required: inout RequiredEnvironment.Tally?) -> (draft: OperationDraft, ignores: [Ignore])? {
        let reality = context.reality
        guard let text = tree.text(leak.path) else { return nil }
        var edits: [String: FileEdit] = [leak.path: .untrack]
        let kinds = Set(leak.hits.map(\.kind))
        let keys = Array(Set(leak.hits.compactMap(\.key))).sorted()
        var comment = "Credential kept out of git by infra-tui"
        var rationale = ""
        var recreated: SecretRecreation.Result?
        var applyFirst: String?
        if kinds.contains(SecretKind.secretData) {
            recreated = SecretRecreation.plan(for: leak.path, text: text, reality: reality, tree: &tree, required: &required)
            // Listed in a kustomization, but no task applies it with `apply -k`: the manifest
            // still leaves `resources` (the layer builds on a fresh clone), and the person
            // applies their local copy, or one made from the template, first.
            if recreated == nil, let (kustomization, dropped) = KustomizationResources.listing(leak.path, in: tree) {
                edits[kustomization] = .write(dropped, mode: tree[kustomization]?.mode ?? .regular)
                tree.write(kustomization, RepoFile(text: dropped, mode: tree[kustomization]?.mode ?? .regular))
                rationale = " It leaves \(kustomization)'s resources, so the layer builds without it; no task applies that layer with "
                    + "`kubectl apply -k`, so apply your local copy (or one made from the template) before the layer."
                applyFirst = "kubectl apply -f \(leak.path)   # your local copy, before \(parentFolder(kustomization))"
            }
        }
        if let recreated {
            for (path, edit) in recreated.edits { edits[path] = edit }
            comment += "; \(recreated.task) creates Secret \(recreated.secretNames.joined(separator: ", ")) from the environment"
            rationale = " \(recreated.summary)"
        } else if let template = CredentialTemplate.make(for: leak.path, text: text) {
            if tree.files[template.path] == nil { edits[template.path] = .write(template.text, mode: .regular) }
            comment += "; template: \(template.path)"
            for (path, guarded) in CredentialGuards.guarding(leak.path, template: template.path, reality: reality, tree: tree) {
                let mode = tree[path]?.mode ?? .executable
                edits[path] = .write(guarded, mode: mode)
                tree.write(path, RepoFile(text: guarded, mode: mode))
            }
        }
        tree.delete(leak.path)
        let name = String(fileName(leak.path))
        let rotation = Rotation.steps(for: leak, text: text, keys: keys)
        let template = recreated == nil ? CredentialTemplate.path(for: leak.path) : nil
        let draft = OperationDraft(
            id: OperationID.slug("secrets", "untrack", name),
            title: "Take \(leak.path) out of git and rotate it",
            group: rotation.group, risk: .high,
            rationale: "\(leak.path) holds a \(kinds.sorted().joined(separator: ", ")) and is committed: anyone with the repository has it. "
                + "The patch takes it out of git without copying its content and ignores it"
                + (template.map { ", leaving a template (\($0))" } ?? "") + "; `apply` keeps your local copy on disk.\(rationale) "
                + "Removing it from git does not un-leak it: it stays in earlier commits, so rotate it.",
            findings: ["secrets:\(leak.path):committed"],
            preconditions: ["a replacement credential can be issued (you have the rights to rotate it)"] + rotation.preconditions,
            commands: ["git log --all --oneline -- \(leak.path)   # every commit that carried it"] + rotation.commands + (applyFirst.map { [$0] } ?? []),
            expectedOutputs: ["the file is still on disk, `git ls-files \(leak.path)` prints nothing, `git check-ignore \(leak.path)` prints it"]
                + rotation.expected,
            rollback: ["the leak cannot be rolled back; `infra-tui undo` only puts the file back into git's index"],
            edits: edits)
        return (draft, [("/" + leak.path, comment)])
    }
}

/// Guards in the scripts that read a credential file: where it is absent (it is ignored, so
/// a fresh clone lacks it), the script stops at once and says how to make it.
enum CredentialGuards {
    /// Script path -> its text with a guard before each command that names `path`.
    static func guarding(_ path: String, template: String, reality: RepoReality, tree: RepoSnapshot) -> [String: String] {
        var out: [String: String] = [:]
        for file in reality.tasks + reality.libraries + reality.otherScripts {
            guard let text = tree.text(file.path) else { continue }
            // Only scripts that name the file at all are parsed for where they read it.
            guard ByteSearch.contains(text, String(fileName(path))) else { continue }
            let script = reality.cache.script(path: file.path, text: text)
            let paths = PathResolver(ShellFile(path: file.path, script: script))
            var editor = LineEditor(text)
            var inserted = 0
            var guardedWords: Set<String> = []
            for cmd in script.commands where !cmd.enclosing.contains(.substitution) {
                guard let word = cmd.words.dropFirst().first(where: { w in
                    let t = w.unquotedText
                    let value = t.hasPrefix("-") && t.contains("=") ? String(t[t.index(after: t.firstIndex(of: "=")!)...]) : t
                    return paths.resolve(value, at: cmd.startLine).contains(path)
                }) else { continue }
                var raw = word.raw
                if raw.hasPrefix("-"), let eq = raw.firstIndex(of: "=") { raw = String(raw[raw.index(after: eq)...]) }
                if guardedWords.contains(raw) || alreadyTested(raw, before: cmd.startLine, in: script) { continue }
                let line = script.lines.indices.contains(cmd.startLine - 1) ? script.lines[cmd.startLine - 1] : ""
                let indent = String(line.prefix { $0 == " " || $0 == "\t" })
                let previous = cmd.startLine >= 2 ? script.lines[cmd.startLine - 2] : ""
                guard cmd.operatorBefore == nil, line.dropFirst(indent.count).hasPrefix(cmd.words[0].raw),
                      !previous.hasSuffix("\\") else { continue }
                // Above the command's own `# shellcheck` directives, which must stay next to it.
                var at = cmd.startLine - 1
                while at >= 1, script.lines[at - 1].trimmingWhitespace().hasPrefix("# shellcheck") { at -= 1 }
                editor.insert([indent + "[ -f \(raw) ] || { echo \"\(path) is missing (git ignores it): copy \(template) there and fill it in\" >&2; exit 1; }"],
                              after: at + inserted)
                inserted += 1
                guardedWords.insert(raw)
            }
            if inserted > 0 { out[file.path] = editor.text() }
        }
        return out
    }

    /// A `[ -f WORD ]`-style test of the same word earlier in the script.
    static func alreadyTested(_ raw: String, before line: Int, in script: ShellScript) -> Bool {
        script.commands.contains { cmd in
            cmd.startLine <= line && (cmd.name == "[" || cmd.name == "[[" || cmd.name == "test")
                && cmd.arguments.contains { ["-f", "-e", "-r", "-s"].contains($0.unquotedText) }
                && cmd.arguments.contains { $0.raw == raw }
        }
    }
}
