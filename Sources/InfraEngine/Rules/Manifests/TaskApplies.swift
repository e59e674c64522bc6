import ShellReader

/// Where the tasks apply manifests: each `kubectl apply -f PATH` (or a loop over a glob)
/// resolved to repository paths, so the rule knows which task must render which file.
struct ManifestApply {
    let task: ShellFile
    let command: ShellCommand
    /// The word after `-f` as written (quotes and all), for rewriting the line.
    let pathWord: ShellWord
    /// The repository path it names (a file or a folder).
    let target: String
    /// The files of the layer it applies.
    let files: [String]
    /// Already piped through envsubst/sed (renders its placeholders).
    let rendered: Bool
    /// The flag before the path as written: `-f`, `--filename`, `-k` or `--kustomize`.
    var flag: String = "-f"
    /// `-R`/`--recursive`: a folder's subfolders are read too.
    var recursive: Bool = false
    /// The kubectl subcommand (`apply`, `diff`), for messages.
    var subcommand: String = ""
    /// `-f FOLDER` (or a glob): kubectl reads every .yaml/.yml/.json there as objects.
    var readsFiles: Bool { flag == "-f" || flag == "--filename" }
    var isSingleLine: Bool { command.startLine == command.endLine }
}

enum TaskApplies {
    static func all(in reality: RepoReality, layer: ManifestLayer) -> [ManifestApply] {
        reads(in: reality, layer: layer) { $0 == .apply || $0 == .create }
    }

    /// The kubectl commands whose action `keep` takes that name a path of the layer with
    /// `-f`/`-k` (`diff -f DIR` reads a folder's files as objects as much as `apply -f DIR`).
    static func reads(in reality: RepoReality, layer: ManifestLayer, actions keep: (EffectiveCommand.Action) -> Bool) -> [ManifestApply] {
        let manifestPaths = layer.files.map(\.path)
        // A folder's manifests by folder: a thousand tasks each applying a folder of a
        // thousand manifests searched the whole list per apply.
        let byFolder = Dictionary(grouping: manifestPaths, by: parentFolder)
        // Each task on its own, on every core.
        return reality.tasks.concurrentMap { task -> [ManifestApply] in
            var out: [ManifestApply] = []
            let commands = task.script.commands
            // kubectl called directly or through a wrapper (`k apply -f x`).
            for e in EffectiveCommands.of(task, in: reality).commands where e.tool == "kubectl" && e.index >= 0 {
                let (i, cmd) = (e.index, e.command)
                let words = Array(e.words.dropFirst())
                guard keep(e.action) else { continue }
                let recursive = words.contains { ["-R", "--recursive", "--recursive=true"].contains($0.literal ?? "") }
                for (j, w) in words.enumerated() {
                    let flag = w.literal ?? ""
                    var pathWord: ShellWord?
                    if ["-f", "--filename", "-k", "--kustomize"].contains(flag), j + 1 < words.count { pathWord = words[j + 1] }
                    guard let pathWord, !PathResolver.isNonFile(pathWord.unquotedText) else { continue }
                    let candidates = expand(pathWord, cmd: cmd, task: task, reality: reality)
                    for target in candidates {
                        let isFolder = !target.hasSuffix(".yaml") && !target.hasSuffix(".yml") && !target.contains("*")
                        let files: [String]
                        if target.contains("*") {
                            files = manifestPaths.filter { glob(target, matches: $0) }
                        } else if isFolder, recursive, ["-f", "--filename"].contains(flag) {
                            files = manifestPaths.filter { target.isEmpty || $0.hasPrefix(target + "/") }
                        } else if isFolder {
                            files = byFolder[target] ?? []
                        } else {
                            files = [target]
                        }
                        guard target.hasPrefix(layer.root + "/") || target == layer.root || !files.isEmpty else { continue }
                        let previous = i > 0 ? commands[i - 1] : nil
                        let rendered = cmd.operatorBefore == "|" && ["envsubst", "sed"].contains(previous?.name ?? "")
                        out.append(ManifestApply(task: task, command: cmd, pathWord: pathWord, target: target,
                                                 files: files, rendered: rendered, flag: flag, recursive: recursive,
                                                 subcommand: e.subcommand))
                    }
                }
            }
            return out
        }.flatMap { $0 }
    }

    /// Repository paths a `-f` word can mean: `"$(dirname "$0")/../x"` is relative to the task;
    /// `"$f"` in `for f in GLOB` is the glob; a bare relative path is tried from the infra folder.
    static func expand(_ word: ShellWord, cmd: ShellCommand, task: ShellFile, reality: RepoReality) -> [String] {
        let text = word.unquotedText
        if text.hasPrefix("$"), let name = RequiredEnvironment.variableName(in: text),
           let loop = task.script.loops.first(where: { $0.variable == name && $0.startLine <= cmd.startLine && cmd.endLine <= $0.endLine }) {
            return loop.words.compactMap { resolve($0.unquotedText, task: task, reality: reality) }
        }
        return resolve(text, task: task, reality: reality).map { [$0] } ?? []
    }

    static func resolve(_ text: String, task: ShellFile, reality: RepoReality) -> String? {
        // A path built from a folder the script knows (`$root/deploy/k8s` with
        // `root="$(cd "$(dirname "$0")/../../.." && pwd)"`) means exactly that folder.
        let taskFolder = parentFolder(task.path)
        if text.hasPrefix("$"),
           let known = PathResolver.resolveFolders(text, folder: taskFolder, folders: [:]).first
            ?? PathResolver.of(task, in: reality).resolve(text, at: Int.max).first {
            return known.hasSuffix("/") ? String(known.dropLast()) : known
        }
        let taskDir = parentFolder(task.path)
        let infra = reality.layout.infraDir
        var rest = text
        var bases: [String]
        if text.hasPrefix("$") {
            // `$(dirname "$0")/..`, `${SCRIPT_DIR}/..`, `$INFRA_DIR/..`: cut the leading expansion.
            guard let slash = firstTopLevelSlash(text) else { return nil }
            let head = String(text[..<slash])
            rest = String(text[text.index(after: slash)...])
            bases = head.contains("dirname") || head.contains("BASH_SOURCE") || head.contains("SCRIPT") || head.contains("HERE")
                ? [taskDir] : [infra, taskDir, ""]
        } else {
            bases = [infra, taskDir, ""]
        }
        if rest.hasSuffix("/") { rest.removeLast() }
        // The first base under which the path exists (its folder will do inside the infra
        // folder), else the first that resolves; joined one at a time, as the first usually hits.
        var first: String?
        for base in bases {
            guard let candidate = joinPath(base, rest) else { continue }
            if first == nil { first = candidate }
            if reality.snapshot.exists(candidate)
                || reality.snapshot.exists(parentFolder(candidate)) && candidate.hasPrefix(infra + "/") { return candidate }
        }
        return first
    }

    /// The first `/` outside `$( )` and `${ }`.
    static func firstTopLevelSlash(_ text: String) -> String.Index? {
        var depth = 0
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "(" || c == "{" { depth += 1 } else if c == ")" || c == "}" { depth -= 1 } else if c == "/", depth == 0 { return i }
            i = text.index(after: i)
        }
        return nil
    }

    /// `*` within one path component.
    static func glob(_ pattern: String, matches path: String) -> Bool {
        let p = pattern.split(separator: "/", omittingEmptySubsequences: false)
        let s = path.split(separator: "/", omittingEmptySubsequences: false)
        guard p.count == s.count else { return false }
        for (a, b) in zip(p, s) where !component(String(a), matches: String(b)) { return false }
        return true
    }

    private static func component(_ pattern: String, matches s: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == s }
        guard s.hasPrefix(parts[0]), s.hasSuffix(parts.last!), s.count >= parts[0].count + parts.last!.count else { return false }
        var rest = Substring(s.dropFirst(parts[0].count).dropLast(parts.last!.count))
        for mid in parts.dropFirst().dropLast() where !mid.isEmpty {
            guard let r = rest.firstRange(of: mid) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }
}
