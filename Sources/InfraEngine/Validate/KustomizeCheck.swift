import Foundation

/// `kubectl kustomize DIR` builds a kustomization offline (no cluster, no credentials), so it
/// is the check that an operation leaves the manifests layer buildable: every resource it
/// lists exists and every file parses as Kubernetes objects.
extension Validator {
    /// The kustomization folders an operation's YAML changes belong to (the outermost one, so
    /// a nested kustomization is built as part of the layer).
    static func kustomizeRoots(_ op: Operation, _ after: RepoSnapshot) -> [String] {
        let names = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
        let folders = Set(after.files.keys.filter { p in names.contains { p.hasSuffix("/" + $0) || p == $0 } }.map(parentFolder))
        var roots: Set<String> = []
        for touch in op.files where touch.path.hasSuffix(".yaml") || touch.path.hasSuffix(".yml") || names.contains(where: touch.path.hasSuffix) {
            let owners = folders.filter { $0.isEmpty || touch.path.hasPrefix($0 + "/") }
            if let outer = owners.min(by: { $0.count < $1.count }) { roots.insert(outer) }
        }
        return roots.sorted()
    }

    func kustomize(_ op: Operation, _ after: RepoSnapshot) async -> [ValidationResult] {
        let roots = Self.kustomizeRoots(op, after)
        guard !roots.isEmpty else { return [] }
        guard useExternalTools else { return [.init(check: "kustomize", status: .skipped, detail: "--no-validate")] }
        guard let kubectl = ProcessRunner.which("kubectl") else {
            return [.init(check: "kustomize", status: .skipped, detail: "kubectl is not installed")]
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-kustomize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var failures: [String] = []
        for root in roots {
            // Only the layer's files: kustomize must not see (or need) anything else of the tree.
            for (path, file) in after.files where root.isEmpty || path.hasPrefix(root + "/") {
                try? AtomicFile.write(file.data, to: scratch.appendingPathComponent(path), mode: 0o644)
            }
            let dir = root.isEmpty ? "." : root
            guard let r = try? await ProcessRunner.run(kubectl, ["kustomize", dir], in: scratch) else {
                failures.append("\(dir): kubectl did not run")
                continue
            }
            if !r.succeeded {
                failures.append("\(dir): " + (r.stderr.split(separator: "\n").first.map(String.init) ?? "exit \(r.status)"))
            }
        }
        return [failures.isEmpty ? .init(check: "kustomize", status: .passed, detail: "kubectl kustomize \(roots.map { $0.isEmpty ? "." : $0 }.joined(separator: ", "))")
                : .init(check: "kustomize", status: .failed, detail: failures.joined(separator: "; "))]
    }
}
