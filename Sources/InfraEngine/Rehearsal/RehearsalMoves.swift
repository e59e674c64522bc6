import Foundation

/// When a resource a script no longer makes was moved, not dropped: the same tool, kind and
/// name made in another namespace. The doubles name namespaced things `kubectl KIND NS/NAME`
/// and `helm release NS/NAME` (TestDoubles Kubectl.key, Helm.key); a fix that puts a
/// ClusterIssuer's solver Secret where cert-manager reads it (its cluster resource
/// namespace) changes only NS. The rehearsal check reports such a move and does not refuse
/// it; a resource with no namespaced twin, or whose twin the original run already made, is a
/// drop (so two copies becoming one is still refused).
public enum RehearsalMoves {
    /// The identity in `candidates` that `identity` moved to, or nil. `candidates` are the
    /// identities the patched run makes that the original run did not.
    public static func destination(of identity: String, among candidates: Set<String>) -> String? {
        guard let (kind, namespace, name) = parts(identity) else { return nil }
        return candidates.sorted().first { other in
            guard let (k, ns, n) = parts(other) else { return false }
            return k == kind && n == name && ns != namespace
        }
    }

    /// `kubectl secret payroll/dns01-sa` -> ("kubectl secret", "payroll", "dns01-sa"); nil for
    /// a cluster-scoped or cloud resource (no namespace to move between).
    static func parts(_ identity: String) -> (kind: String, namespace: String, name: String)? {
        let words = identity.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 3, words[0] == "kubectl" || (words[0] == "helm" && words[1] == "release"),
              let slash = words[2].firstIndex(of: "/") else { return nil }
        let namespace = words[2][..<slash], name = words[2][words[2].index(after: slash)...]
        guard !namespace.isEmpty, !name.isEmpty, namespace != "*", name != "*" else { return nil }
        return ("\(words[0]) \(words[1])", String(namespace), String(name))
    }
}
