import Foundation
import ShellReader

/// A committed Secret manifest listed in a kustomization: it leaves the kustomization's
/// `resources` in the same patch (so the layer still builds on a fresh clone, where the
/// ignored file is absent), and the task that applies the kustomization creates the Secret
/// first, under the same name and keys, from the environment.
enum SecretRecreation {
    struct Result {
        var edits: [String: FileEdit]
        var task: String
        var secretNames: [String]
        var summary: String
    }

    static func plan(for path: String, text: String, reality: RepoReality, tree: inout RepoSnapshot,
                     required: inout RequiredEnvironment.Tally?) -> Result? {
        let secrets = KubernetesSecretData.secrets(in: text)
        guard !secrets.isEmpty, secrets.allSatisfy({ !$0.name.isEmpty }),
              let (kustomization, dropped) = KustomizationResources.listing(path, in: tree) else { return nil }
        let folder = parentFolder(kustomization)
        // The task step that applies the kustomization, where the Secret must exist first.
        var found: (file: ShellFile, command: ShellCommand)?
        for task in reality.tasks {
            guard let t = tree.text(task.path) else { continue }
            let file = ShellFile(path: task.path, script: reality.cache.script(path: task.path, text: t))
            // Only `kubectl apply -k`: an `apply -f FOLDER` reads the ignored file from disk
            // after the Secret is created, and puts the leaked value back.
            if let ref = FileReferences.references(in: file).first(where: {
                $0.kind == .applies && $0.candidates.contains(folder) && SecretFileFix.isKustomize($0)
            }) {
                found = (file, ref.command)
                break
            }
        }
        guard let (task, apply) = found, apply.operatorBefore == nil else { return nil }
        let types = Self.types(in: text)
        var lines: [String] = []
        var variables: [String] = []
        for (i, secret) in secrets.enumerated() {
            let ns = secret.namespace.map { " -n \($0)" } ?? ""
            if let namespace = secret.namespace, namespace != "default", !lines.contains(where: { $0.contains("create namespace \(namespace) ") }) {
                lines.append("kubectl create namespace \(namespace) --dry-run=client -o yaml | kubectl apply -f -")
            }
            var step = ["kubectl\(ns) create secret generic \(secret.name)"]
            if let type = types[safe: i], type != "Opaque" { step.append("--type=\(type)") }
            for entry in secret.entries {
                if !entry.isSecret, entry.value.allSatisfy({ $0.isLetter || $0.isNumber || "._@-".contains($0) }), !entry.value.isEmpty {
                    step.append("--from-literal=\(entry.key)=\(entry.value)")
                } else {
                    let name = SecretEnvironment.variableName(owner: secret.name, key: entry.key)
                    variables.append(name)
                    step.append("--from-literal=\(entry.key)=\"$\(name)\"")
                }
            }
            step.append("--dry-run=client -o yaml | kubectl apply -f -")
            lines += continued(step)
        }
        let line = task.script.lines.indices.contains(apply.startLine - 1) ? task.script.lines[apply.startLine - 1] : ""
        let indent = String(line.prefix { $0 == " " || $0 == "\t" })
        var editor = LineEditor(task.script.text)
        editor.insert(["# The Secret its manifest used to hold, from the environment (the manifest is git-ignored)."] + lines.map { indent + $0 },
                      after: apply.startLine - 1)
        let taskText = SecretEnvironment.validating(variables, in: editor.text(), path: task.path)
        var edits = SecretEnvironment.record(task.path, text: taskText, reality: reality, tree: &tree, required: &required, rewrite: false)
        edits[kustomization] = .write(dropped, mode: tree[kustomization]?.mode ?? .regular)
        tree.write(kustomization, RepoFile(text: dropped, mode: tree[kustomization]?.mode ?? .regular))
        let names = secrets.map(\.name)
        return Result(edits: edits, task: task.path, secretNames: names,
                      summary: "It leaves \(kustomization)'s resources, so the layer builds without it, and \(task.path) creates "
                        + "Secret \(names.joined(separator: ", ")) with the same keys before applying the layer, from "
                        + "\(variables.map { "$" + $0 }.joined(separator: ", ")) (validated up front and on the entrypoint's required list).")
    }

    /// Each document's Secret `type`, in order.
    static func types(in text: String) -> [String] {
        guard let docs = try? YAMLDocuments.composeAll(text) else { return [] }
        return docs.compactMap { doc in
            guard let map = doc.mapping, map["kind"]?.string == "Secret" else { return nil }
            return map["type"]?.string ?? "Opaque"
        }
    }

    /// Words joined into lines of at most about 100 characters, with continuations.
    static func continued(_ words: [String]) -> [String] {
        var lines: [String] = []
        var current = ""
        for w in words {
            if !current.isEmpty && current.count + w.count + 1 > 100 {
                lines.append(current + " \\")
                current = "  " + w
            } else {
                current += current.isEmpty ? w : " " + w
            }
        }
        lines.append(current)
        return lines
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// A kustomization's `resources` list, edited line by line so the rest of the file (its
/// comments, its order) stays as it is: the removing half (a credential manifest leaves
/// its layer); the adding half is in Rules/Manifests/KustomizationResources.swift.
extension KustomizationResources {
    static let names: Set<String> = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The kustomization in `tree` whose `resources` lists `path`, and its text without that entry.
    static func listing(_ path: String, in tree: RepoSnapshot) -> (path: String, text: String)? {
        for candidate in tree.allPaths where names.contains(String(fileName(candidate))) {
            guard let text = tree.text(candidate), let dropped = dropping(path, from: text, folder: parentFolder(candidate)) else { continue }
            return (candidate, dropped)
        }
        return nil
    }

    /// `text` without the `resources` entry naming `path` (entries are relative to `folder`).
    static func dropping(_ path: String, from text: String, folder: String) -> String? {
        var lines = text.newlineSeparatedLines.map(String.init)
        var inResources = false
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingWhitespace()
            if !line.hasPrefix(" ") && !line.hasPrefix("-") && !trimmed.isEmpty && !trimmed.hasPrefix("#") {
                inResources = trimmed.hasPrefix("resources:")
                continue
            }
            guard inResources, trimmed.hasPrefix("- ") else { continue }
            var entry = trimmed.dropFirst(2).trimmingWhitespace()
            if let hash = entry.range(of: " #") { entry = String(entry[..<hash.lowerBound]) }
            entry = SecretPlaceholder.unquoted(entry)
            if joinPath(folder, entry) == path {
                lines.remove(at: i)
                return lines.joined(separator: "\n")
            }
        }
        return nil
    }
}
