import Yams

/// A route's backendRef to a Service in another namespace needs a ReferenceGrant there.
///
/// Gateway API v1, `BackendRef.namespace`: "Note that when a namespace different than the
/// local namespace is specified, a ReferenceGrant object is required in the referent
/// namespace to allow that namespace's owner to accept the reference." Without one the
/// route's `ResolvedRefs` condition is False with reason `RefNotPermitted`.
/// The grant (v1beta1) lists `from` (group, kind, namespace of the route) and `to` (group,
/// kind, optional name of the Service).
struct BackendRefGrantCheck: ManifestCheck {
    let id = "gateway.route.ref-not-permitted"
    let purpose = "A backendRef to a Service in another namespace is allowed by a ReferenceGrant in that namespace."
    var layerOnly: Bool { true }
    let condition = PredictedCondition(object: "HTTPRoute", type: "ResolvedRefs", status: "False", reason: "RefNotPermitted")

    static let routeGroup = "gateway.networking.k8s.io"

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let grants = checker.layer.objects("ReferenceGrant")
        var seen: Set<String> = []
        for route in checker.layer.routes {
            guard let from = route.namespace else { continue }
            for backend in (route["spec", "rules"]?.items ?? []).flatMap({ $0.child("backendRefs")?.items ?? [] }) {
                guard (backend.child("group")?.string ?? "") == "", (backend.child("kind")?.string ?? "Service") == "Service",
                      let name = backend.child("name")?.string, let to = backend.child("namespace")?.string, to != from,
                      seen.insert("\(route.name)/\(from)/\(to)/\(name)").inserted else { continue }
                if grants.contains(where: { Self.allows($0, kind: route.kind, from: from, target: "Service", name: name, in: to) }) { continue }
                let line = backend.child("namespace")?.mark?.line ?? route.line
                var message = "HTTPRoute `\(from)/\(route.name)`: the backendRef to `\(to)/\(name)` crosses namespaces, "
                    + "and no ReferenceGrant in `\(to)` allows \(route.kind)s from `\(from)`"
                // The reference is meant when it names the namespace and the Service is there.
                let svc = checker.layer.services.first { $0.name == name && $0.namespace == to }
                var fix: ManifestFix?
                if let svc {
                    let folder = parentFolder(svc.path)
                    let grantName = "\(from)-\(route.kind.lowercased())-to-\(name)"
                    fix = .createFile(path: "\(folder)/referencegrant-\(grantName).yaml",
                                      text: Self.grant(name: grantName, namespace: to, kind: route.kind, from: from, target: "Service", name: name),
                                      nextTo: svc.path, before: false)
                    message += "; a ReferenceGrant `\(to)/\(grantName)` will"
                } else {
                    message += "; no Service `\(name)` in `\(to)` is in the layer, so the grant is left to a person"
                }
                out.append(problem("\(route.name)-\(to)-\(name)", file: route.path, line: line, message, fix: fix))
            }
        }
        return out
    }

    /// Whether `grant` lets `kind`s (of the Gateway API group) in namespace `from` refer to the
    /// core-group `target` kind (Service, Secret) named `name` in `ns`.
    static func allows(_ grant: ManifestObject, kind: String, from: String, target: String, name service: String, in ns: String) -> Bool {
        guard grant.namespace == ns else { return false }
        let froms = grant["spec", "from"]?.items ?? []
        let tos = grant["spec", "to"]?.items ?? []
        return froms.contains { $0.child("group")?.string == routeGroup && $0.child("kind")?.string == kind && $0.child("namespace")?.string == from }
            && tos.contains { ($0.child("group")?.string ?? "") == "" && $0.child("kind")?.string == target
                && ($0.child("name")?.string ?? service) == service }
    }

    static func grant(name: String, namespace: String, kind: String, from: String, target: String, name service: String) -> String {
        """
        # Lets \(kind)s in `\(from)` refer to \(target) `\(service)` here (Gateway API
        # requires a grant in the target namespace for cross-namespace references).
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata:
          name: \(YAMLText.scalar(name))
          namespace: \(YAMLText.scalar(namespace))
        spec:
          from:
            - group: \(routeGroup)
              kind: \(kind)
              namespace: \(YAMLText.scalar(from))
          to:
            - group: ""
              kind: \(target)
              name: \(YAMLText.scalar(service))

        """
    }
}
