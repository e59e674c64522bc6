/// How the tasks apply the layer: every file with `${VAR}` placeholders goes through
/// `envsubst` with an explicit variable list (so no other `$` is touched), the task checks
/// those variables up front, and the files the rule creates are applied next to their
/// neighbours.
enum TaskRendering {
    /// `${NAME}` placeholders in a manifest, in order of appearance.
    static func variables(in text: String) -> [String] {
        guard ByteSearch.contains(text, "${") else { return [] }  // most files have none
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.firstRange(of: "${") {
            let name = rest[r.upperBound...].prefix { $0 == "_" || ($0.isASCII && ($0.isUppercase || $0.isNumber)) }
            if !name.isEmpty, rest[name.endIndex...].first == "}", !out.contains(String(name)) { out.append(String(name)) }
            rest = rest[r.upperBound...]
        }
        return out
    }

    /// What each file applied by `apply` still needs filled: `REPLACE_ME*` tokens and `${VAR}`s.
    static func placeholders(_ apply: ManifestApply, _ layer: ManifestLayer) -> (tokens: [String], vars: [String]) {
        var tokens: [String] = [], vars: [String] = []
        for path in apply.files {
            guard let text = layer.file(path)?.text else { continue }
            tokens += Placeholders.tokens(in: text).map(\.token).filter { !tokens.contains($0) }
            vars += variables(in: text).filter { !vars.contains($0) }
        }
        return (tokens, vars)
    }

    /// The variables each task checks up front (by task path), read once per view of the tree.
    static func validated(in reality: RepoReality) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for use in RequiredEnvironment.uses(in: reality) where use.validated { out[use.path, default: []].insert(use.name) }
        return out
    }

    static func findings(_ reality: RepoReality, _ layer: ManifestLayer, _ applies: [ManifestApply]) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var checked: [String: Set<String>]?
        for apply in applies {
            let (tokens, vars) = placeholders(apply, layer)
            let what = relativePath(from: parentFolder(apply.task.path), to: apply.target)
            if !apply.rendered, !(tokens + vars).isEmpty {
                let shown = (tokens + vars.map { "${\($0)}" }).joined(separator: ", ")
                out.append(ManifestProblem(key: "render-\(what)", file: apply.task.path, line: apply.command.startLine,
                                           message: "applies \(apply.target) as written, so its placeholders (\(shown)) reach the cluster; "
                                               + "it should render them from the environment (envsubst) when it applies"))
            } else if apply.rendered {
                if checked == nil { checked = validated(in: reality) }
                let missing = vars.filter { !(checked?[apply.task.path]?.contains($0) ?? false) }
                if !missing.isEmpty {
                    out.append(ManifestProblem(key: "render-env-\(what)", file: apply.task.path, line: apply.command.startLine,
                                               message: "renders \(apply.target) but never checks \(missing.joined(separator: ", ")); "
                                                   + "an unset variable becomes an empty string in the cluster"))
                }
            }
        }
        return out
    }

    /// New text for each task that must change, given the tree after the layer's edits and
    /// the files the rule created (path, the neighbour it is applied next to, before or after).
    static func rewrites(_ reality: RepoReality, layer: ManifestLayer, applies: [ManifestApply],
                         created: [(path: String, nextTo: String?, before: Bool)]) -> [String: String] {
        var checked: [String: Set<String>]?
        var editors: [String: LineEditor] = [:]
        var needs: [String: (line: Int, indent: String, vars: [String])] = [:]
        let hasRequireEnv = (reality.libraries + reality.tasks).contains { $0.script.functions.contains { $0.name == "require_env" } }

        for apply in applies where !apply.rendered && apply.isSingleLine {
            let vars = placeholders(apply, layer).vars
            guard !vars.isEmpty else { continue }
            let task = apply.task
            let n = apply.command.startLine
            let line = String(task.script.lines[n - 1])
            guard let start = line.firstRange(of: "kubectl") else { continue }
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            var command = String(line[start.lowerBound...])
            let list = vars.map { "${\($0)}" }.joined(separator: " ")
            // What feeds envsubst: the file itself; a kustomization's folder through `kubectl
            // kustomize` (what `apply -k` builds). A folder applied file by file has no
            // single text to render (`envsubst < DIR` fails): left to the finding.
            let isFolder = !apply.target.hasSuffix(".yaml") && !apply.target.hasSuffix(".yml") && !apply.target.contains("*")
            let source: String
            if isFolder {
                guard !apply.readsFiles,
                      let flag = command.firstRange(of: " \(apply.flag) " + apply.pathWord.raw) else { continue }
                command.replaceSubrange(flag, with: " -f -")
                source = "kubectl kustomize \(apply.pathWord.raw) | envsubst '\(list)' | "
            } else {
                guard let flag = command.firstRange(of: " -f " + apply.pathWord.raw) ?? command.firstRange(of: " --filename " + apply.pathWord.raw) else { continue }
                command.replaceSubrange(flag, with: " -f -")
                source = "envsubst '\(list)' < \(apply.pathWord.raw) | "
            }
            var editor = editors[task.path] ?? LineEditor(task.script.text)
            editor.replace(n...n, with: [
                indent + "# shellcheck disable=SC2016 # envsubst, not bash, fills these placeholders",
                String(line[..<start.lowerBound]) + source + command,
            ])
            editors[task.path] = editor
            if checked == nil { checked = validated(in: reality) }
            let known = checked?[task.path] ?? []
            var need = needs[task.path] ?? (n, indent, [])
            need.vars += vars.filter { !known.contains($0) && !need.vars.contains($0) }
            need.line = min(need.line, n)
            needs[task.path] = need
        }
        for (path, need) in needs where !need.vars.isEmpty {
            let check = hasRequireEnv ? "require_env " + need.vars.joined(separator: " ")
                : need.vars.map { ": \"${\($0):?set \($0) (see the runbook)}\"" }.joined(separator: "; ")
            editors[path]?.insert([need.indent + check], after: need.line - 1)
        }
        // Files the rule created are applied by the task that applies their neighbour.
        for file in created where !applies.contains(where: { $0.files.contains(file.path) }) {
            let anchors = applies.filter { $0.isSingleLine && !$0.target.hasSuffix("*.yaml") && parentFolder($0.target) == parentFolder(file.path) }
            guard let anchor = anchors.first(where: { $0.files == [file.nextTo ?? ""] }) ?? anchors.first else { continue }
            let oldName = String(anchor.target.split(separator: "/").last ?? "")
            let newName = String(file.path.split(separator: "/").last ?? "")
            guard anchor.pathWord.raw.contains(oldName) else { continue }
            let raw = anchor.pathWord.raw.replacingOccurrences(of: oldName, with: newName)
            let line = String(anchor.task.script.lines[anchor.command.startLine - 1])
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            var editor = editors[anchor.task.path] ?? LineEditor(anchor.task.script.text)
            let n = anchor.command.startLine
            editor.insert([indent + "kubectl apply -f \(raw)"], after: file.before ? n - 1 : n)
            editors[anchor.task.path] = editor
        }
        return editors.mapValues { $0.text() }
    }
}
