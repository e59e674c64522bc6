import Yams

/// Checks the references between the objects of the edge slice and says how to fix each
/// broken one. Namespaces left out of a manifest match any namespace here (whoever applies
/// it decides), and are reported separately when they must equal the Gateway's.
///
/// The checks themselves are the named ones of `ManifestChecks.all` (one file each under
/// `Checks/`); this type holds what they share: the layer, the tasks' applies, lookups.
struct ReferenceChecker {
    let layer: ManifestLayer
    let reality: RepoReality
    let applies: [ManifestApply]
    /// Services by name: a route's backend is looked up without walking every Service.
    let servicesByName: [String: [ManifestObject]]

    init(_ reality: RepoReality) {
        self.reality = reality
        layer = ManifestLayer(reality)
        applies = TaskApplies.all(in: reality, layer: layer)
        servicesByName = Dictionary(grouping: layer.services, by: \.name)
    }

    /// Files that do not parse, every registered check's problems (registry order), and a
    /// missing kustomization.
    func problems() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for file in layer.files {
            if let error = file.error {
                out.append(ManifestProblem(key: "invalid-yaml", file: file.path, line: error.line,
                                           message: "is not valid YAML (\(error.message)); nothing in it can be checked or applied",
                                           severity: .error))
            }
        }
        guard layer.exists else { return out }
        out += ManifestChecks.problems(in: self)
        // A folder holding only a migration Job is not worth a kustomization of its own.
        if !layer.tiedByOwnKustomizations, layer.worthAKustomization {
            // A task that applies the folder file by file and cannot switch to `-k` keeps it out.
            let blockers = layer.kustomizations[layer.root] != nil ? [] : ManifestsRule().kustomizationText(layer: layer).map {
                FolderApplies.decide(kustomization: layer.kustomizationPath, text: $0, reality: reality, tree: reality.snapshot,
                                     layer: layer, applies: applies).blockers
            } ?? []
            let why = blockers.first.map { first in
                "; none is added: \(blockers.map(\.place).joined(separator: ", ")) \(blockers.count == 1 ? "reads" : "read") \(layer.root) "
                    + "file by file (`kubectl ... -f`), which would read a kustomization.yaml there as an object of an unknown kind, "
                    + "and cannot switch to `-k` (\(first.why))"
            } ?? ""
            out.append(ManifestProblem(key: "kustomization", file: layer.kustomizationPath, line: 1,
                                       message: "no kustomization.yaml ties the layer together, so nothing builds or checks "
                                           + "\(layer.root) as one (`kubectl kustomize \(layer.root)`)" + why,
                                       fix: blockers.isEmpty ? .kustomization : nil))
        }
        return out
    }

    static func sameNamespace(_ a: String?, _ b: String?) -> Bool { a == nil || b == nil || a == b }

    static func describe(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "`\($0.key): \($0.value)`" }.joined(separator: ", ")
    }

    /// The Gateway a parentRef names, or nil.
    func gateway(named name: String, namespace: String?) -> ManifestObject? {
        layer.gateways.first { $0.name == name && Self.sameNamespace($0.namespace, namespace) }
    }

    /// The Service a backendRef names, or nil.
    func service(named name: String, namespace: String?) -> ManifestObject? {
        servicesByName[name, default: []].first { Self.sameNamespace($0.namespace, namespace) }
    }

    /// The only Gateway a wrong reference can have meant.
    var onlyGateway: ManifestObject? { layer.gateways.count == 1 ? layer.gateways[0] : nil }
}

extension ManifestObject {
    var podLabels: [String: String] { self["spec", "template", "metadata", "labels"]?.stringPairs ?? [:] }
}
