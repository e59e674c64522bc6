/// Tasks that apply the layer's folder file by file (`kubectl apply -f DIR`, `-R -f PARENT`,
/// a glob over it): kubectl reads every .yaml/.yml/.json there as an object, so a
/// kustomization.yaml added to that folder would stop the task (`no matches for kind
/// "Kustomization" in version "kustomize.config.k8s.io/v1beta1"`). Before the layer gains
/// one, each such apply either becomes `kubectl apply -k DIR` in the same operation (only
/// when the kustomization builds exactly the objects the folder's files held) or the
/// kustomization is not added.
enum FolderApplies {
    struct Decision {
        /// Task path -> its text with each `-f DIR` turned into `-k DIR`.
        var rewrites: [String: String] = [:]
        /// The applies switched, for the ops block.
        var switched: [ManifestApply] = []
        /// Applies that would read the kustomization as an object and cannot switch: where
        /// ("path (line N)") and why.
        var blockers: [(place: String, why: String)] = []
    }

    static let readableExtensions = [".yaml", ".yml", ".json"]

    /// Whether kubectl reads `path` when it applies its folder with `-f`.
    static func isRead(_ path: String) -> Bool { readableExtensions.contains { path.hasSuffix($0) } }

    /// The applies in `applies` that read `kustomization` (a new file) as an object.
    static func readers(of kustomization: String, in applies: [ManifestApply]) -> [ManifestApply] {
        let folder = parentFolder(kustomization)
        return applies.filter { a in
            guard a.readsFiles else { return false }
            if a.target.contains("*") { return TaskApplies.glob(a.target, matches: kustomization) }
            guard !isRead(a.target) else { return false }
            return a.target == folder || (a.recursive && (a.target.isEmpty || folder.hasPrefix(a.target + "/")))
        }
    }

    /// What to do with the tasks that apply the folder of `kustomization` (not yet in the
    /// tree) when it is added with `text`. `tree`: the tree with the layer's other edits;
    /// `layer`: its layer.
    static func decide(kustomization: String, text: String, reality: RepoReality, tree: RepoSnapshot, layer: ManifestLayer,
                       applies: [ManifestApply]) -> Decision {
        var out = Decision()
        let folder = parentFolder(kustomization)
        // Scripts other than the tasks, and the docs' commands, are left to a person: one that
        // applies the folder with `-f` keeps the kustomization out.
        out.blockers = otherReaders(of: folder, in: reality).map { ($0, "it is not a task, so it is left as it is") }
            + otherVerbs(reading: kustomization, in: reality, layer: layer)
            + IndirectFolderReaders.of(kustomization, in: reality)
        let readers = readers(of: kustomization, in: applies)
        guard !readers.isEmpty else { return out }
        // What `-f DIR` read: the folder's own files (not its subfolders').
        let read = Set(tree.allPaths.filter { parentFolder($0) == folder && isRead($0) && $0 != kustomization })
        let listed = Set(ManifestLayer.referencedFolders(text, from: folder))
        let objects = layer.objects.filter { read.contains($0.path) }
        let ids = objects.map { "\($0.apiVersion)/\($0.kind)/\($0.namespace ?? "")/\($0.name)" }
        let namespace = kustomizationNamespace(text)
        let same: String? = {
            if listed != read { return "the kustomization would not list exactly the files \(folder) holds" }
            if Set(ids).count != ids.count { return "two files there define the same object, which kustomize refuses" }
            if let namespace, objects.contains(where: { $0.namespace != namespace }) {
                return "the kustomization's namespace would move objects that name none or another one"
            }
            return nil
        }()
        var editors: [String: LineEditor] = [:]
        for a in readers {
            let why: String?
            if a.target.contains("*") { why = "it applies a glob over the folder" }
            else if a.recursive { why = "it applies \(a.target.isEmpty ? "the repository" : a.target) recursively (-R)" }
            else { why = same ?? (a.isSingleLine ? nil : "the command spans several lines") }
            let n = a.command.startLine
            var editor = editors[a.task.path] ?? LineEditor(a.task.script.text)
            let line = editor.line(n)
            let old = " \(a.flag) \(a.pathWord.raw)"
            if let why {
                out.blockers.append((place(a), why))
            } else if line.components(separatedBy: old).count != 2 {
                out.blockers.append((place(a), "its `\(a.flag)` word is not written once on line \(n)"))
            } else {
                editor.replace(n...n, with: [line.replacingOccurrences(of: old, with: " -k \(a.pathWord.raw)")])
                editors[a.task.path] = editor
                out.switched.append(a)
            }
        }
        out.rewrites = editors.mapValues { $0.text() }
        return out
    }

    /// The top-level `namespace:` of a kustomization's text.
    static func kustomizationNamespace(_ text: String) -> String? {
        for line in text.newlineSeparatedLines where line.hasPrefix("namespace:") {
            let value = line.dropFirst("namespace:".count).trimmingWhitespace()
            return SecretPlaceholder.unquoted(value)
        }
        return nil
    }

    static func place(_ a: ManifestApply) -> String { "\(a.task.path) (line \(a.command.startLine))" }

    /// `-f FOLDER` applies for a message: "ai/infra/tasks/020-app.sh (line 4)".
    static func describe(_ applies: [ManifestApply]) -> String { applies.map(place).joined(separator: ", ") }

    /// Task commands other than an apply or create that read the folder of `kustomization`
    /// file by file (`kubectl diff -f DIR`, `delete -f DIR`, `-R -f PARENT`, a glob): they
    /// would read the new file as an object too, and the layer operation rewrites only the
    /// applies. Each is a reason to leave the kustomization out.
    static func otherVerbs(reading kustomization: String, in reality: RepoReality, layer: ManifestLayer) -> [(place: String, why: String)] {
        let others = TaskApplies.reads(in: reality, layer: layer) { $0 != .apply && $0 != .create }
        var seen: Set<String> = []
        return readers(of: kustomization, in: others).compactMap { a in
            let spot = place(a)
            guard seen.insert(spot).inserted else { return nil }
            let verb = a.subcommand.isEmpty ? "kubectl" : "kubectl \(a.subcommand)"
            return (spot, "`\(verb) -f` reads the folder file by file too")
        }
    }

    /// Where a script that is not a task (a runner, the library, a hand-written entrypoint),
    /// or a doc's command, reads `folder` with `kubectl ... -f` (any verb; not `-k`).
    static func otherReaders(of folder: String, in reality: RepoReality) -> [String] {
        // The scripts `FileReferences.all` reads besides the tasks (a managed entrypoint is ours).
        let managed = reality.entrypoint.map { EntrypointConformance.isManaged($0) } ?? false
        let others = reality.libraries + reality.otherScripts + (managed ? [] : reality.entrypoint.map { [$0] } ?? [])
        var out: [String] = []
        for ref in others.flatMap({ FileReferences.of($0, in: reality) }) where ref.kind == .applies
            && !SecretFileFix.isKustomize(ref) && ref.candidates.contains(where: { $0 == folder || $0 == folder + "/" }) {
            out.append("\(ref.file.path) (line \(ref.command.startLine))")
        }
        for doc in reality.docs {
            for cmd in doc.commands where !cmd.isMention {
                let w = cmd.words
                // Any verb: `kubectl diff -f DIR` and `delete -f DIR` read the folder's files as objects too.
                guard let k = w.firstIndex(of: "kubectl") else { continue }
                for i in w.indices.dropFirst(k) where (w[i] == "-f" || w[i] == "--filename") && i + 1 < w.count {
                    var path = w[i + 1]
                    while path.hasSuffix("/") && path.count > 1 { path.removeLast() }
                    let bases = [cmd.cdFolder ?? "", "", parentFolder(doc.path)] + cmd.folders
                    if bases.contains(where: { joinPath($0, path) == folder }) { out.append("\(doc.path) (line \(cmd.line))") }
                }
            }
        }
        return out
    }
}
