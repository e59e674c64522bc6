/// The reviewable side of the manifests operations: what a person runs to check them.
extension ManifestsRule {
    /// `layer` is the layer as the operation leaves it.
    func layerDraft(reality: RepoReality, layer: ManifestLayer, edits: [String: FileEdit], findings: [String],
                    created: [String], folders: FolderApplies.Decision = .init()) -> OperationDraft {
        let vars = Array(Set(layer.files.flatMap { TaskRendering.variables(in: $0.text) })).sorted()
        let list = vars.map { "${\($0)}" }.joined(separator: " ")
        let root = layer.root
        // SOPS files are left out of the kustomization (`ManifestsRule`), so their objects print nothing.
        let sops = Set(layer.files.filter { EncryptedFiles.isSops($0.text) }.map(\.path))
        var expected = ["`kubectl kustomize \(root)` exits 0 and prints "
                        + layer.objects.filter { !sops.contains($0.path) }
                            .map { "\($0.kind) \($0.name)" }.sorted().joined(separator: ", ")]
        expected.append("the output has no `REPLACE_ME`" + (vars.isEmpty ? "" : "; only \(list) remain, filled by envsubst when the tasks apply"))
        expected.append("every HTTPRoute parentRef names a Gateway, every Gateway's class and TLS Secret come from the layer, "
                        + "every Service selects a workload's pods and every route backend port is a Service port")
        let render = vars.isEmpty ? "" : " | envsubst '\(list)'"
        // Not built with kustomize only when a folder apply kept the kustomization out.
        let kustomized = folders.blockers.isEmpty || layer.kustomizations[root] != nil
        var folderNote = ""
        if !folders.switched.isEmpty {
            folderNote = " \(FolderApplies.describe(folders.switched)) applied \(root) file by file (`kubectl apply -f`), which would read "
                + "the new kustomization.yaml as an object of an unknown kind and stop; it now applies it with `kubectl apply -k`, "
                + "which builds the same files."
        } else if let first = folders.blockers.first {
            folderNote = " No kustomization.yaml is added: \(folders.blockers.map(\.place).joined(separator: ", ")) \(folders.blockers.count == 1 ? "reads" : "read") \(root) "
                + "file by file (`kubectl ... -f`), which would read it as an object of an unknown kind, and cannot switch to "
                + "`-k` (\(first.why))."
        }
        if !kustomized {
            expected[0] = "`kubectl apply --dry-run=server -f \(root)` reports "
                + layer.objects.map { "\($0.kind) \($0.name)" }.sorted().joined(separator: ", ")
        }
        return OperationDraft(
            id: Self.layerOperationID,
            title: "Make the edge manifests one consistent kustomization",
            group: .local, risk: .med,
            rationale: "The edge slice only works when its objects agree: the route must attach to the real Gateway, the Gateway "
                + "needs a GatewayClass its controller serves and a Secret a Certificate produces, the Service must select the "
                + "Deployment's pods (the Deployment's selector is immutable, so the Service follows it) on the port the route uses, "
                + "and HTTP-01 needs a port-80 listener. Placeholders become `${VAR}` so the tasks render them instead of a "
                + "person editing files by hand." + (reality.snapshot.exists(layer.kustomizationPath) || !kustomized ? "" : " A kustomization.yaml ties the layer together.")
                + (created.isEmpty ? "" : " New: \(created.sorted().joined(separator: ", ")).") + folderNote,
            findings: findings,
            preconditions: ["kubectl (with kustomize) on PATH; building runs offline, no cluster needed"],
            commands: kustomized
                ? ["kubectl kustomize \(root)",
                   "kubectl kustomize \(root) | grep -c REPLACE_ME  # expect 0",
                   "# against the cluster, after the tasks installed cert-manager and the gateway:",
                   "kubectl kustomize \(root)\(render) | kubectl apply --dry-run=server -f -"]
                    + folders.switched.map { "bash -n \($0.task.path)   # now applies \(root) with -k" }
                : ["grep -rc REPLACE_ME \(root)  # expect 0 for every file",
                   "# against the cluster, after the tasks installed cert-manager and the gateway:",
                   "kubectl apply --dry-run=server -f \(root)"],
            expectedOutputs: expected,
            edits: edits)
    }

    func taskDraft(task: ShellFile, reality: RepoReality, edits: [String: FileEdit], findings: [String],
                   dependsOn: [String], context: RuleContext) -> OperationDraft {
        let text: String
        if case .write(let t, _) = edits[task.path] { text = t } else { text = task.script.text }
        let vars = Array(Set(TaskRendering.variables(in: text.components(separatedBy: "envsubst '").dropFirst()
            .compactMap { $0.split(separator: "'").first.map(String.init) }.joined(separator: " ")))).sorted()
        let entry = reality.layout.entrypoint
        let env = vars.map { "\($0)=..." }.joined(separator: " ")
        return OperationDraft(
            id: "manifests-apply-\(task.name)",
            title: "Render the manifests \(task.name) applies",
            group: .cluster, risk: .med,
            rationale: "The task applied manifests as written, so placeholders reached the cluster or a person had to edit "
                + "files by hand. It now pipes them through envsubst with an explicit variable list, checks "
                + (vars.isEmpty ? "its variables" : vars.joined(separator: ", ")) + " up front, and applies the manifests the layer gained.",
            findings: findings,
            dependsOn: dependsOn + context.operations(touching: task.path).filter { $0 != "manifests-apply-\(task.name)" },
            preconditions: ["envsubst (gettext-base) and kubectl on PATH", "a kube context for the target cluster",
                            vars.isEmpty ? "the environment the task already needs" : "\(vars.joined(separator: ", ")) exported"],
            commands: ["bash -n \(task.path)", "\(env.isEmpty ? "" : env + " ")./\(entry) --only \(task.name)"],
            expectedOutputs: ["bash -n prints nothing",
                              "kubectl reports each object created, configured or unchanged; none carries a REPLACE_ME or ${...} value",
                              "run without \(vars.first ?? "its variables"), the task stops before applying and names the missing variable"],
            edits: edits)
    }
}
