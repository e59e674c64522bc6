import Foundation
import Yams

/// Reads Kubernetes objects from YAML (multi-document, `kind: List`) and builds kustomizations
/// (resources, components, generators, namespace, name prefix and suffix).
enum Manifests {
    struct Failure: Error { var message: String }

    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let s):
            if s.style == .plain && (s.string == "null" || s.string == "~" || s.string.isEmpty) { return .null }
            return .string(s.string)
        case .mapping(let m):
            var o: [String: JSONValue] = [:]
            for (k, v) in m { if let ks = k.string { o[ks] = json(v) } }
            return .object(o)
        case .sequence(let s):
            return .array(s.map(json))
        case .alias:
            return .null
        }
    }

    /// The objects in `text` (documents that are null or empty are skipped; a List is flattened).
    static func objects(_ text: String, source: String) throws -> [JSONValue] {
        var docs: [JSONValue] = []
        do {
            var seq = try Yams.compose_all(yaml: text)
            while let node = seq.next() {
                docs.append(json(node))
            }
            if let e = seq.error { throw e }
        } catch let e as Failure {
            throw e
        } catch {
            let detail = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            throw Failure(message: "error: error parsing \(source): error converting YAML to JSON: yaml: \(detail)")
        }
        var out: [JSONValue] = []
        for d in docs {
            guard case .object(let o) = d, !o.isEmpty else { continue }
            if o["kind"]?.string == "List" || (o["kind"]?.string?.hasSuffix("List") ?? false), let items = o["items"]?.array {
                out.append(contentsOf: items.filter { $0.object != nil })
                continue
            }
            if o["kind"]?.string == nil {
                throw Failure(message: "error: error validating \"\(source)\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false")
            }
            if (o["metadata"]?["name"]?.string ?? "").isEmpty && o["metadata"]?["generateName"]?.string == nil {
                throw Failure(message: "error: error when retrieving current configuration of:\nResource: \"\(o["kind"]?.string ?? "")\", Name: \"\", Namespace: \"\"\nfrom server for: \"\(source)\": resource name may not be empty")
            }
            out.append(d)
        }
        return out
    }

    static let kustomizationNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// Builds the kustomization in `dir` (as `kubectl apply -k` / `kubectl kustomize` would).
    static func kustomize(_ dir: String, inv: Invocation, depth: Int = 0) throws -> [JSONValue] {
        let abs = normalize(inv.resolve(dir))
        guard let file = kustomizationNames.map({ abs + "/" + $0 }).first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw Failure(message: "error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '\(abs)'")
        }
        guard depth < 20 else { throw Failure(message: "error: accumulating resources: cycle detected at '\(abs)'") }
        let text = inv.readFile(file) ?? ""
        let k: JSONValue
        do {
            k = try Yams.compose(yaml: text).map(json) ?? .object([:])
        } catch {
            throw Failure(message: "error: invalid Kustomization: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        var objects: [JSONValue] = []
        let entries = (k["resources"]?.array ?? []) + (k["bases"]?.array ?? []) + (k["components"]?.array ?? [])
        for entry in entries {
            guard let item = entry.string else { continue }
            if item.contains("://") || item.hasPrefix("github.com/") || item.hasPrefix("git@") { continue }
            let path = normalize(abs + "/" + item)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw Failure(message: "error: accumulating resources: accumulation err='accumulating resources from '\(item)': open \(path): no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '\(path)' : lstat \(path): no such file or directory")
            }
            if isDir.boolValue {
                objects += try kustomize(path, inv: inv, depth: depth + 1)
            } else {
                objects += try Manifests.objects(inv.readFile(path) ?? "", source: path)
            }
        }
        for key in ["patchesStrategicMerge", "crds"] {
            for p in k[key]?.array ?? [] {
                if let s = p.string, !s.contains("\n"), !FileManager.default.fileExists(atPath: normalize(abs + "/" + s)) {
                    throw Failure(message: "error: trouble configuring builtin PatchStrategicMergeTransformer with config: ``\npaths:\n- \(s)\n``: evalsymlink failure on '\(normalize(abs + "/" + s))' : lstat \(normalize(abs + "/" + s)): no such file or directory")
                }
            }
        }
        for key in ["patches", "patchesJson6902"] {
            for p in k[key]?.array ?? [] {
                if let s = p["path"]?.string, !FileManager.default.fileExists(atPath: normalize(abs + "/" + s)) {
                    throw Failure(message: "error: trouble configuring builtin PatchTransformer: open \(normalize(abs + "/" + s)): no such file or directory")
                }
            }
        }
        if k["helmCharts"] != nil || k["helmChartInflationGenerator"] != nil {
            throw Failure(message: "error: trouble configuring builtin HelmChartInflationGenerator with config: must specify --enable-helm")
        }
        let globalNoHash = k["generatorOptions"]?["disableNameSuffixHash"]?.string == "true"
        for (key, kind) in [("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")] {
            for g in k[key]?.array ?? [] {
                guard let name = g["name"]?.string else { continue }
                var data: [String: String] = [:]
                for lit in g["literals"]?.array ?? [] {
                    guard let s = lit.string, let eq = s.firstIndex(of: "=") else { continue }
                    data[String(s[..<eq])] = String(s[s.index(after: eq)...])
                }
                for f in g["files"]?.array ?? [] {
                    guard let s = f.string else { continue }
                    let (keyName, rel) = s.contains("=") ? (String(s[..<s.firstIndex(of: "=")!]), String(s[s.index(after: s.firstIndex(of: "=")!)...]))
                        : (String(s.split(separator: "/").last ?? ""), s)
                    let path = normalize(abs + "/" + rel)
                    guard let content = FileManager.default.contents(atPath: path) else {
                        throw Failure(message: "error: evalsymlink failure on '\(path)' : lstat \(path): no such file or directory")
                    }
                    data[keyName] = String(decoding: content, as: UTF8.self)
                }
                for e in (g["envs"]?.array ?? []) + [g["env"]].compactMap({ $0 }) {
                    guard let s = e.string else { continue }
                    let path = normalize(abs + "/" + s)
                    guard let content = FileManager.default.contents(atPath: path) else {
                        throw Failure(message: "error: evalsymlink failure on '\(path)' : lstat \(path): no such file or directory")
                    }
                    for (kk, vv) in envFile(String(decoding: content, as: UTF8.self)) { data[kk] = vv }
                }
                let noHash = globalNoHash || g["options"]?["disableNameSuffixHash"]?.string == "true"
                let fullName = noHash ? name : name + "-" + hashSuffix(data.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
                var obj: JSONValue = .object(["apiVersion": .string("v1"), "kind": .string(kind),
                                              "metadata": .object(["name": .string(fullName)])])
                if let ns = g["namespace"]?.string { obj.set(["metadata", "namespace"], .string(ns)) }
                var d: [String: JSONValue] = [:]
                for (kk, vv) in data { d[kk] = .string(kind == "Secret" ? Data(vv.utf8).base64EncodedString() : vv) }
                obj.set(["data"], .object(d))
                if kind == "Secret" { obj.set(["type"], .string(g["type"]?.string ?? "Opaque")) }
                objects.append(obj)
            }
        }
        let ns = k["namespace"]?.string
        let prefix = k["namePrefix"]?.string ?? "", suffix = k["nameSuffix"]?.string ?? ""
        if ns != nil || !prefix.isEmpty || !suffix.isEmpty {
            objects = objects.map { o in
                var o = o
                let kind = (o["kind"]?.string ?? "").lowercased()
                if let ns, !Kinds.clusterScoped.contains(kind) { o.set(["metadata", "namespace"], .string(ns)) }
                if (!prefix.isEmpty || !suffix.isEmpty), kind != "namespace", kind != "customresourcedefinition",
                   let n = o["metadata"]?["name"]?.string {
                    o.set(["metadata", "name"], .string(prefix + n + suffix))
                }
                return o
            }
        }
        return objects
    }

    static func envFile(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").compactMap { line in
            let l = line.trimmingCharacters(in: .whitespaces)
            guard !l.isEmpty, !l.hasPrefix("#"), let eq = l.firstIndex(of: "=") else { return nil }
            return (String(l[..<eq]), String(l[l.index(after: eq)...]))
        }
    }

    static func hashSuffix(_ s: String) -> String {
        let alphabet = Array("bcdfghkmt256789")
        var h = UInt64(stableHash(s)) << 32 | UInt64(stableHash(String(s.reversed())))
        var out = ""
        for _ in 0..<10 { out.append(alphabet[Int(h % UInt64(alphabet.count))]); h /= UInt64(alphabet.count) }
        return out
    }

    /// `a/./b/../c` -> `a/c` (no symlinks resolved).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for p in path.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Kubernetes kinds: aliases, plurals, scope and API groups.
enum Kinds {
    static let clusterScoped: Set<String> = [
        "namespace", "clusterrole", "clusterrolebinding", "storageclass", "priorityclass", "customresourcedefinition",
        "clusterissuer", "gatewayclass", "node", "persistentvolume", "validatingwebhookconfiguration",
        "mutatingwebhookconfiguration", "apiservice", "ingressclass", "runtimeclass", "csidriver",
        "volumesnapshotclass", "clustersecretstore", "podsecuritypolicy", "certificatesigningrequest",
    ]

    static let aliases: [String: String] = [
        "ns": "namespace", "cm": "configmap", "sa": "serviceaccount", "deploy": "deployment", "svc": "service",
        "po": "pod", "sts": "statefulset", "ds": "daemonset", "rs": "replicaset", "ing": "ingress",
        "crd": "customresourcedefinition", "crds": "customresourcedefinition", "pvc": "persistentvolumeclaim",
        "pv": "persistentvolume", "pdb": "poddisruptionbudget", "quota": "resourcequota", "hpa": "horizontalpodautoscaler",
        "netpol": "networkpolicy", "sc": "storageclass", "pc": "priorityclass", "cj": "cronjob", "ep": "endpoints",
        "no": "node", "ev": "event", "cert": "certificate", "certs": "certificate", "limits": "limitrange",
        "ingresses": "ingress", "ingressclasses": "ingressclass", "storageclasses": "storageclass",
        "priorityclasses": "priorityclass", "gatewayclasses": "gatewayclass", "endpoints": "endpoints",
        "networkpolicies": "networkpolicy", "policies": "policy", "secrets": "secret", "configmaps": "configmap",
    ]

    /// `Deployments.apps` / `deploy` / `deployment` -> `deployment`.
    static func canonical(_ word: String) -> String {
        let w = String(word.lowercased().split(separator: ".", maxSplits: 1).first ?? "")
        if let a = aliases[w] { return a }
        if w.hasSuffix("ies") { return String(w.dropLast(3)) + "y" }
        if w.hasSuffix("sses") || w.hasSuffix("shes") || w.hasSuffix("xes") { return String(w.dropLast(2)) }
        if w.hasSuffix("s") && !w.hasSuffix("ss") && w != "endpoints" { return String(w.dropLast()) }
        return w
    }

    static func plural(_ kind: String) -> String {
        if kind == "endpoints" { return kind }
        if kind.hasSuffix("y") && !kind.hasSuffix("ey") { return String(kind.dropLast()) + "ies" }
        if kind.hasSuffix("s") || kind.hasSuffix("x") || kind.hasSuffix("sh") { return kind + "es" }
        return kind + "s"
    }

    static let groups: [String: String] = [
        "deployment": "apps", "statefulset": "apps", "daemonset": "apps", "replicaset": "apps",
        "ingress": "networking.k8s.io", "networkpolicy": "networking.k8s.io", "ingressclass": "networking.k8s.io",
        "role": "rbac.authorization.k8s.io", "rolebinding": "rbac.authorization.k8s.io",
        "clusterrole": "rbac.authorization.k8s.io", "clusterrolebinding": "rbac.authorization.k8s.io",
        "job": "batch", "cronjob": "batch", "horizontalpodautoscaler": "autoscaling", "poddisruptionbudget": "policy",
        "storageclass": "storage.k8s.io", "priorityclass": "scheduling.k8s.io",
        "customresourcedefinition": "apiextensions.k8s.io",
    ]

    static func apiVersion(_ kind: String) -> String {
        switch kind {
        case "deployment", "statefulset", "daemonset", "replicaset": return "apps/v1"
        case "job", "cronjob": return "batch/v1"
        case "ingress", "networkpolicy", "ingressclass": return "networking.k8s.io/v1"
        case "role", "rolebinding", "clusterrole", "clusterrolebinding": return "rbac.authorization.k8s.io/v1"
        case "poddisruptionbudget": return "policy/v1"
        case "priorityclass": return "scheduling.k8s.io/v1"
        default: return "v1"
        }
    }

    static let displayNames: [String: String] = [
        "namespace": "Namespace", "secret": "Secret", "configmap": "ConfigMap", "serviceaccount": "ServiceAccount",
        "deployment": "Deployment", "service": "Service", "role": "Role", "rolebinding": "RoleBinding",
        "clusterrole": "ClusterRole", "clusterrolebinding": "ClusterRoleBinding", "job": "Job", "cronjob": "CronJob",
        "resourcequota": "ResourceQuota", "priorityclass": "PriorityClass", "ingress": "Ingress",
        "poddisruptionbudget": "PodDisruptionBudget", "pod": "Pod",
    ]
}
