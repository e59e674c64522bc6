import Foundation

/// The edge slice (backend, Gateway API, cert-manager) exists as one kustomization whose
/// objects refer to each other consistently, and the tasks fill its placeholders from the
/// environment when they apply it.
public struct ManifestsRule: Rule {
    public let id = "manifests"
    public let purpose = "The manifests layer builds with kustomize, its objects refer to each other, and tasks render its placeholders from the environment."
    public static let layerOperationID = "manifests-edge-layer"

    public init() {}

    public func findings(in reality: RepoReality) -> [Finding] {
        let checker = ReferenceChecker(reality)
        let problems = checker.problems() + TaskRendering.findings(reality, checker.layer, checker.applies)
        return problems.map { Finding(rule: id, key: $0.key, severity: $0.severity, file: $0.file, line: $0.line, message: $0.message) }
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        let checker = ReferenceChecker(reality)
        let layer = checker.layer
        guard layer.exists else { return [] }
        let problems = checker.problems()
        let findingID = { (p: ManifestProblem) in Finding(rule: id, key: p.key, file: p.file, line: p.line, message: "").id }

        // The layer: edits to existing manifests, new manifests, the kustomization.
        var edits: [String: YAMLFileEdit] = [:]
        var created: [(path: String, text: String, nextTo: String?, before: Bool)] = []
        var listenerAdded: Set<String> = []
        for p in problems {
            guard let fix = p.fix else { continue }
            // Several issuers solving through one Gateway share its one new listener.
            if case .httpListener(let gw, _) = fix, !listenerAdded.insert("\(gw.path)#\(gw.document)").inserted { continue }
            switch fix {
            case .createFile(let path, let text, let nextTo, let before):
                if !created.contains(where: { $0.path == path }) { created.append((path, text, nextTo, before)) }
            case .kustomization, .taskText:
                break
            case .scalar(let path, _, _, _), .key(let path, _, _, _), .placeholder(let path, _, _), .lines(let path, _, _):
                edit(&edits, path, reality, fix)
            case .selector(let obj, _), .namespace(let obj, _), .httpListener(let obj, _):
                edit(&edits, obj.path, reality, fix)
            }
        }
        var after = reality.snapshot
        var fileEdits: [String: FileEdit] = [:]
        for (path, e) in edits {
            let text = e.text()
            if text != reality.snapshot.text(path) { fileEdits[path] = .write(text, mode: reality.snapshot[path]?.mode ?? .regular) }
        }
        for c in created where !reality.snapshot.exists(c.path) { fileEdits[c.path] = .write(c.text, mode: .regular) }
        for (path, e) in fileEdits { if case .write(let t, let m) = e { after.write(path, RepoFile(text: t, mode: m)) } }
        let editedLayer = ManifestLayer(reality: after, like: reality)
        var folders = FolderApplies.Decision()
        if let kustomization = kustomizationText(layer: editedLayer, created: created.map(\.path),
                                                   existingText: after.text(layer.kustomizationPath)) {
            // A new kustomization.yaml in a folder tasks apply with `-f`: they switch to `-k`
            // in this operation, or the file is not added (the finding says why).
            if !reality.snapshot.exists(layer.kustomizationPath) {
                folders = FolderApplies.decide(kustomization: layer.kustomizationPath, text: kustomization, reality: reality, tree: after,
                                               layer: editedLayer, applies: checker.applies)
            }
            if folders.blockers.isEmpty {
                fileEdits[layer.kustomizationPath] = .write(kustomization, mode: reality.snapshot[layer.kustomizationPath]?.mode ?? .regular)
                after.write(layer.kustomizationPath, RepoFile(text: kustomization))
                for (path, text) in folders.rewrites {
                    let mode = reality.snapshot[path]?.mode ?? .executable
                    fileEdits[path] = .write(text, mode: mode)
                    after.write(path, RepoFile(text: text, mode: mode))
                }
            }
        }

        var drafts: [OperationDraft] = []
        let layerFindings = problems.filter { $0.fix != nil && !($0.key == "kustomization" && !folders.blockers.isEmpty) }.map(findingID)
        // One view of the tree the layer operation leaves, for its draft and for the tasks.
        let afterReality = try? RepoReality(snapshot: after, infraDir: reality.layout.infraDir, cache: reality.cache, baseline: reality.baseline)
        let afterLayer = afterReality.map(ManifestLayer.init) ?? ManifestLayer(reality: after, like: reality)
        if !fileEdits.isEmpty {
            drafts.append(layerDraft(reality: reality, layer: afterLayer, edits: fileEdits, findings: layerFindings, created: created.map(\.path),
                                     folders: folders))
        }

        // The tasks: render placeholders, check their variables, apply the new files.
        guard let afterReality else { return drafts + taskTextDrafts(problems, context: context, skipping: [], findingID: findingID) }
        let afterApplies = TaskApplies.all(in: afterReality, layer: afterLayer)
        let rewrites = TaskRendering.rewrites(afterReality, layer: afterLayer, applies: afterApplies,
                                              created: created.map { ($0.path, $0.nextTo, $0.before) })
        let taskFindings = TaskRendering.findings(afterReality, afterLayer, afterApplies)
        var running = after
        // Counted only when a task is rewritten (it goes over every task of the tree).
        var counted: RequiredEnvironment.Tally?
        for task in afterReality.tasks where rewrites[task.path] != nil {
            let text = rewrites[task.path]!
            running.write(task.path, RepoFile(text: text, mode: after[task.path]?.mode ?? .executable))
            var required = counted ?? RequiredEnvironment.Tally(afterReality)
            defer { counted = required }
            required.update(task.path, script: reality.cache.script(path: task.path, text: text))
            var taskEdits: [String: FileEdit] = [task.path: .write(text, mode: after[task.path]?.mode ?? .executable)]
            // The entrypoint checks the variables the tasks now validate before any task runs.
            if let fixed = EntrypointConformance.repairedList(in: running, reality: afterReality, required: required.list) {
                taskEdits[fixed.path] = .write(fixed.text, mode: .executable)
                running.write(fixed.path, RepoFile(text: fixed.text, mode: .executable))
                required.updateEntrypoint(reality.cache.script(path: fixed.path, text: fixed.text))
            }
            let ids = taskFindings.filter { $0.file == task.path }.map(findingID)
            drafts.append(taskDraft(task: task, reality: afterReality, edits: taskEdits, findings: ids,
                                    dependsOn: fileEdits.isEmpty ? [] : [Self.layerOperationID], context: context))
        }
        return drafts + taskTextDrafts(problems, context: context, skipping: Set(rewrites.keys), findingID: findingID)
    }

    private func edit(_ edits: inout [String: YAMLFileEdit], _ path: String, _ reality: RepoReality, _ fix: ManifestFix) {
        guard let text = reality.snapshot.text(path) else { return }
        var e = edits[path] ?? YAMLFileEdit(text)
        ManifestEditor.apply(fix, to: &e, text: text)
        edits[path] = e
    }

    /// The kustomization the layer needs, or nil when the existing one already lists every file.
    func kustomizationText(layer: ManifestLayer, created: [String] = [], existingText: String? = nil) -> String? {
        // An overlay structure of the person's own is left to them: no root kustomization
        // that builds the base again beside its overlay. Only a file a fix creates needs one.
        if layer.kustomizations[layer.root] == nil, layer.tiedByOwnKustomizations, created.isEmpty { return nil }
        // A folder of run-once objects only (a migration Job) gets none.
        if layer.kustomizations[layer.root] == nil, !layer.worthAKustomization, created.isEmpty { return nil }
        // Kustomizations another one builds on are listed through it, never a second time.
        let nested = layer.kustomizations.keys.filter { $0 != layer.root && !layer.includedKustomizations.contains($0) }
        var resources: [String] = nested.map { relativePath(from: layer.root, to: $0 + "/x") }.map { String($0.dropLast(2)) }
        // A SOPS-encrypted manifest is decrypted by its task (`sops -d f | kubectl apply -f -`):
        // built as it is, the layer would apply its ciphertext as the values.
        for file in layer.files where file.isManifest && !EncryptedFiles.isSops(file.text)
            && !nested.contains(where: { file.path.hasPrefix($0 + "/") }) {
            resources.append(relativePath(from: layer.root, to: file.path))
        }
        resources.sort()
        if let existing = layer.kustomizations[layer.root] {
            // Keep a hand-written kustomization; only list the files a fix creates beside it.
            return existingText.flatMap { KustomizationResources.listing(created, root: parentFolder(existing), nested: nested, in: $0) }
        }
        let namespaced = layer.objects.filter { !$0.isClusterScoped }
        let spaces = Set(namespaced.compactMap(\.namespace))
        let safe = layer.objects.allSatisfy { !$0.isClusterScoped } && spaces.count == 1
        // Only a layer that holds `${VAR}` placeholders is said to be rendered before it is applied.
        let placeholders = layer.files.contains { $0.text.contains("${") }
        return ManifestTemplates.kustomization(root: layer.root, resources: resources, namespace: safe ? spaces.first : nil,
                                               placeholders: placeholders, edge: layer.holdsEdgeSlice || !created.isEmpty)
    }
}

extension ManifestLayer {
    /// The layer of `snapshot`, read with the layout of `reality`.
    init(reality snapshot: RepoSnapshot, like reality: RepoReality) {
        if let r = try? RepoReality(snapshot: snapshot, infraDir: reality.layout.infraDir, cache: reality.cache, baseline: reality.baseline) {
            self.init(r)
        } else {
            self.init(reality)
        }
    }
}
