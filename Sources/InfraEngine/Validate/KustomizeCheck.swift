import Foundation

/// `kubectl kustomize DIR` builds a kustomization offline (no cluster, no credentials), so it
/// is the check that an operation leaves the manifests layer buildable: every resource it
/// lists exists and every file parses as Kubernetes objects. The validator runs it as a
/// ToolJob on the layer's files only.
enum KustomizeCheck {
    static let names = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    static func isKustomization(_ path: String) -> Bool { names.contains(ShellContext.name(path)) }

    /// The folders holding a kustomization.
    static func folders(in tree: RepoSnapshot) -> Set<String> {
        Set(tree.files.keys.filter(isKustomization).map(parentFolder))
    }

    /// Keeps `folders` in step after an operation wrote or deleted `paths`.
    static func update(_ folders: inout Set<String>, _ paths: [String], in tree: RepoSnapshot) {
        for path in paths where isKustomization(path) {
            let folder = parentFolder(path)
            if names.contains(where: { tree.files[folder.isEmpty ? $0 : folder + "/" + $0] != nil }) {
                folders.insert(folder)
            } else {
                folders.remove(folder)
            }
        }
    }

    /// The kustomization folders an operation's YAML changes belong to (the outermost one, so
    /// a nested kustomization is built as part of the layer).
    static func roots(_ op: Operation, folders: Set<String>) -> [String] {
        var roots: Set<String> = []
        for touch in op.files where touch.path.hasSuffix(".yaml") || touch.path.hasSuffix(".yml") || isKustomization(touch.path) {
            var outer: String?
            var folder = parentFolder(touch.path)
            // Walk up the path instead of testing every kustomization folder of the tree.
            while true {
                if folders.contains(folder) { outer = folder }
                if folder.isEmpty { break }
                folder = parentFolder(folder)
            }
            if let outer { roots.insert(outer) }
        }
        return roots.sorted()
    }
}
