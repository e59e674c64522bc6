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
        // A task that still applies the file from disk (by its path, or its folder with `-f`)
        // applies the leaked value until the local copy holds the new one.
        let fromDisk = diskApplies(of: leak.path, reality: reality, tree: tree)
        // A template beside it would be applied too by a task that applies the folder file by file.
        let folderReaders = fromDisk.filter { !$0.candidates.contains(leak.path) }
        var noTemplate = false
        if let recreated {
            for (path, edit) in recreated.edits { edits[path] = edit }
            comment += "; \(recreated.task) creates Secret \(recreated.secretNames.joined(separator: ", ")) from the environment"
            rationale = " \(recreated.summary)"
        } else if !folderReaders.isEmpty, CredentialTemplate.make(for: leak.path, text: text) != nil {
            noTemplate = true
            rationale += " No template is left beside it: \(folderReaders.map(\.file.path).joined(separator: ", ")) applies "
                + "\(parentFolder(leak.path)) file by file (`kubectl apply -f`) and would apply the template's placeholders too."
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
        var rotation = Rotation.steps(for: leak, text: text, keys: keys)
        if !fromDisk.isEmpty {
            let who = fromDisk.map { "\($0.file.path) (line \($0.command.startLine))" }.joined(separator: ", ")
            rotation.commands.append("write the new value into your local \(leak.path) (or delete it): it still holds the leaked one, and "
                + "\(who) applies it from disk with `kubectl apply -f`, so the next run would put the leaked value back")
            rotation.expected.append("the local \(leak.path) no longer holds the leaked value")
            rationale += " \(who) still applies \(leak.path) from disk, so your local copy must get the new value before the next run."
        }
        let template = recreated == nil && !noTemplate ? CredentialTemplate.path(for: leak.path) : nil
        let draft = OperationDraft(
            id: OperationID.slug("secrets", "untrack", name),
            title: "Take \(leak.path) out of git and rotate it",
            group: rotation.group, risk: .high,
            rationale: "\(leak.path) holds a \(kinds.sorted().joined(separator: ", ")) and is committed: anyone with the repository has it. "
                + "The patch takes it out of git without copying its content and ignores it"
                + (template.map { ", leaving a template (\($0))" } ?? "") + "; `apply` keeps your local copy on disk (`git am` of an exported "
                + "series deletes it: copy it aside first).\(rationale) "
                + "Removing it from git does not un-leak it: it stays in earlier commits, so rotate it.",
            findings: ["secrets:\(leak.path):committed"],
            preconditions: ["a replacement credential can be issued (you have the rights to rotate it)"] + rotation.preconditions,
            commands: ["git log --all --oneline -- \(leak.path)   # every commit that carried it"] + rotation.commands + (applyFirst.map { [$0] } ?? []),
            expectedOutputs: ["`git ls-files \(leak.path)` prints nothing, `git check-ignore \(leak.path)` prints it; the file is still on disk "
                + "after `infra-tui apply` (`git am` of an exported series deletes it: copy it aside first and back after, as its message says)"]
                + rotation.expected,
            rollback: ["the leak cannot be rolled back; `infra-tui undo` only puts the file back into git's index"],
            edits: edits)
        return (draft, [("/" + leak.path, comment)])
    }
}

extension SecretFileFix {
    /// Whether a reference is `kubectl apply -k`/`--kustomize` (the kustomization decides what
    /// is applied), not `-f` (the files on disk are).
    static func isKustomize(_ ref: FileReference) -> Bool {
        guard let i = ref.command.words.firstIndex(where: { $0.raw == ref.word.raw }), i > 0 else { return false }
        return ["-k", "--kustomize"].contains(ref.command.words[i - 1].unquotedText)
    }

    /// The tasks' `kubectl apply -f` commands (in `tree`) that read `path` from disk: by its
    /// path, its folder, or a glob over the folder.
    static func diskApplies(of path: String, reality: RepoReality, tree: RepoSnapshot) -> [FileReference] {
        let folder = parentFolder(path)
        // On every core: the rule asks on the planner's thread, for a thousand tasks.
        return reality.tasks.concurrentMap { task -> [FileReference] in
            guard let text = tree.text(task.path), ByteSearch.contains(text, "kubectl") else { return [] }
            // The view's own version is read once per plan (`FileReferences.of`, wrappers
            // included); a version this rule's other drafts rewrote is read here.
            let refs = text == task.script.text ? FileReferences.of(task, in: reality)
                : FileReferences.references(in: ShellFile(path: task.path, script: reality.cache.script(path: task.path, text: text)))
            return refs.filter { ref in
                ref.kind == .applies && !isKustomize(ref) && ref.candidates.contains {
                    $0 == path || $0 == folder || $0 == folder + "/" || ($0.contains("*") && TaskApplies.glob($0, matches: path))
                }
            }
        }.flatMap { $0 }
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
