import Yams

/// The manifests layer as it is in one tree: every YAML file under the infra folder that
/// holds Kubernetes objects (or fails to parse where manifests live), the folder that ties
/// them together, and the objects by kind.
public struct ManifestLayer: Sendable {
    public let root: String
    public let files: [ManifestFile]
    /// Existing `kustomization.yaml` files (folder -> path).
    public let kustomizations: [String: String]
    public let objects: [ManifestObject]
    /// Kustomization folders another kustomization builds on (`resources: [../../base]`,
    /// `bases`, `components`): an overlay structure the person keeps.
    public let includedKustomizations: Set<String>

    static let kustomizationNames: Set<String> = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// What checks derive from the layer alone, worked out once per layer.
    let memo: Memo

    /// The layer of `reality`'s tree: the same value (memo included) for every view of the
    /// plan whose YAML files are the same, as they are until the manifests rule edits them.
    public init(_ reality: RepoReality) {
        let infra = reality.layout.infraDir
        // Manifests a task applies from outside the infra folder (`kubectl apply -k "$root/deploy/k8s"`)
        // belong to the layer too: their defects are the edge's defects.
        let outside = Self.appliedOutside(infra, in: reality)
        let paths = reality.snapshot.pathIndex.value("yaml\u{0}\(infra)\u{0}\(outside.joined(separator: "\u{0}"))") { () -> [String] in
            let infraPrefix = infra + "/"
            let charts = Self.helmTemplateFolders(reality.allPaths)
            return reality.allPaths.filter { path in
                guard infra.isEmpty || path.hasPrefix(infraPrefix)
                    || outside.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) else { return false }
                guard !charts.contains(where: { path.hasPrefix($0) }) else { return false }
                let name = fileName(path)
                return name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name == "Kustomization"
            }
        }
        let texts = paths.map { reality.snapshot.text($0) }
        // Paths and texts both: the same bytes under another name are another layer.
        self = reality.cache.derived("manifest-layer\u{0}\(infra)", from: paths + texts) {
            ManifestLayer(infraDir: infra, paths: paths, texts: texts, cache: reality.cache)
        }
    }

    /// `CHART/templates/` of every Helm chart (a folder holding `Chart.yaml`), with the
    /// trailing slash: what is in there is a Go template Helm renders (`{{ .Release.Namespace }}`),
    /// not a manifest; it only becomes one through `helm template`/`install` (Helm docs, "Charts":
    /// the chart file structure). A chart's `crds/` folder holds plain manifests and stays.
    static func helmTemplateFolders(_ paths: [String]) -> [String] {
        paths.filter { fileName($0) == "Chart.yaml" }.map { repoPath(parentFolder($0), "templates") + "/" }
    }

    /// `paths`: the YAML files (and `Kustomization`s) under the infra folder, sorted; `texts`, theirs.
    /// `cache`: the plan's, where each file is parsed once for every layer of the run.
    private init(infraDir infra: String, paths: [String], texts: [String?], cache: ScriptCache) {
        memo = Memo()
        let preferred = "\(infra)/manifests"
        var files: [ManifestFile] = []
        var kustomizations: [String: String] = [:]
        var referenced: Set<String> = []
        // Each file parsed on every core (once per text for the whole plan run).
        let parsed = Array(zip(paths, texts)).concurrentMap { path, text -> ManifestFile? in
            guard let text, !Self.kustomizationNames.contains(String(fileName(path))) else { return nil }
            return ManifestFile.cached(path: path, text: text, in: cache)
        }
        for ((path, text), parsed) in zip(zip(paths, texts), parsed) {
            guard let text else { continue }
            let name = fileName(path)
            if Self.kustomizationNames.contains(String(name)) {
                kustomizations[parentFolder(path)] = path
                referenced.formUnion(Self.referencedFolders(text, from: parentFolder(path)))
                continue
            }
            guard let file = parsed else { continue }
            // A broken file counts where manifests live, or when it was meant to be one.
            if file.isManifest || (file.error != nil && (path.hasPrefix(preferred + "/") || text.contains("apiVersion:"))) {
                files.append(file)
            }
        }
        self.files = files
        self.kustomizations = kustomizations
        includedKustomizations = referenced.intersection(kustomizations.keys)
        objects = files.flatMap(\.objects)
        byKind = Dictionary(grouping: objects, by: \.kind)
        byPath = Dictionary(files.enumerated().map { ($0.element.path, $0.offset) }, uniquingKeysWith: { a, _ in a })
        // The root is where the infra folder keeps its manifests; only a layer kept wholly
        // outside it (applied from elsewhere) is rooted there.
        let allFolders = files.map { parentFolder($0.path) } + kustomizations.keys
        let inside = infra.isEmpty ? allFolders : allFolders.filter { $0 == infra || $0.hasPrefix(infra + "/") }
        let folders = inside.isEmpty ? allFolders : inside
        if folders.isEmpty || folders.allSatisfy({ $0 == preferred || $0.hasPrefix(preferred + "/") }) {
            root = preferred
        } else {
            root = Self.commonFolder(folders)
        }
    }

    /// Folders and files outside `infra` that tasks apply with `kubectl apply -f/-k`
    /// (directly or through a wrapper), sorted; only paths that exist.
    static func appliedOutside(_ infra: String, in reality: RepoReality) -> [String] {
        // Every view of a plan asks; what a task applies only changes with its text (and the
        // libraries its wrappers come from), whether it exists with the view. Each task on every core.
        let each = reality.tasks.concurrentMap { task in
            reality.cache.derived("applied-outside\u{0}\(infra)", path: task.path, from: task.script.text, reality.librariesVersion) {
                appliedOutside(infra, by: task, in: reality)
            }
        }
        return Set(each.joined()).filter(reality.snapshot.exists).sorted()
    }

    private static func appliedOutside(_ infra: String, by task: ShellFile, in reality: RepoReality) -> [String] {
        var out: [String] = []
        for e in EffectiveCommands.of(task, in: reality).commands where e.tool == "kubectl" && (e.action == .apply || e.action == .create) {
            for (i, w) in e.words.enumerated() where ["-f", "--filename", "-k", "--kustomize"].contains(w.unquotedText) && i + 1 < e.words.count {
                let text = e.words[i + 1].unquotedText
                guard !PathResolver.isNonFile(text), let target = TaskApplies.resolve(text, task: task, reality: reality),
                      !target.isEmpty, infra.isEmpty || !(target == infra || target.hasPrefix(infra + "/")) else { continue }
                out.append(target)
            }
        }
        return out
    }

    /// The local paths a kustomization's `resources`, `bases` and `components` name, resolved
    /// from its folder (remote `https://`/`github.com/...` entries are left out).
    static func referencedFolders(_ text: String, from folder: String) -> [String] {
        guard let node = try? Yams.compose(yaml: text) else { return [] }
        var out: [String] = []
        for key in ["resources", "bases", "components"] {
            for item in node.child(key)?.sequence ?? [] {
                guard let entry = item.string, !entry.contains("://"), !entry.hasPrefix("github.com/"),
                      let path = joinPath(folder, entry) else { continue }
                out.append(path)
            }
        }
        return out
    }

    /// The kustomizations nothing else in the layer builds on, by folder, sorted.
    public var topKustomizations: [String] {
        kustomizations.keys.filter { !includedKustomizations.contains($0) }.sorted()
    }

    /// Whether the person's own kustomizations already tie the layer together: an overlay
    /// structure (one kustomization builds on another, as `overlays/prod` on `base`), or one
    /// kustomization whose folder holds every manifest. A root kustomization beside either
    /// would only build the base a second time, outside the overlay's namespace and patches.
    public var tiedByOwnKustomizations: Bool {
        guard kustomizations[root] == nil, !kustomizations.isEmpty else { return kustomizations[root] != nil }
        if !includedKustomizations.isEmpty { return true }
        guard let only = topKustomizations.first, topKustomizations.count == 1 else { return false }
        return files.allSatisfy { $0.path.hasPrefix(only + "/") }
    }

    public var exists: Bool { !objects.isEmpty }
    /// Kinds that make a layer the edge slice (how traffic reaches a backend: Gateway API,
    /// cert-manager, Services, Ingresses). A folder of Jobs, ConfigMaps or workloads alone is
    /// not one: a kustomization for it is not titled after the edge slice.
    static let edgeKinds: Set<String> = ["Gateway", "HTTPRoute", "GRPCRoute", "GatewayClass", "Certificate", "Issuer",
                                         "ClusterIssuer", "Service", "Ingress"]
    /// Whether the layer holds any of the edge slice.
    public var holdsEdgeSlice: Bool { objects.contains { Self.edgeKinds.contains($0.kind) } }
    /// Kinds a task runs once and recreates (a migration Job): applied by their file, never a
    /// layer to build as one.
    static let runOnceKinds: Set<String> = ["Job", "CronJob", "Pod"]
    /// Whether a kustomization would tie anything together: not for a folder of run-once
    /// objects only (a migration Job).
    public var worthAKustomization: Bool { objects.contains { !Self.runOnceKinds.contains($0.kind) } }
    public var kustomizationPath: String { kustomizations[root] ?? "\(root)/kustomization.yaml" }

    /// Objects by kind, sorted out once: the checks ask for them per route, Service and task.
    private let byKind: [String: [ManifestObject]]
    private let byPath: [String: Int]

    public func objects(_ kinds: String...) -> [ManifestObject] {
        kinds.count == 1 ? byKind[kinds[0], default: []] : objects.filter { kinds.contains($0.kind) }
    }
    public var gateways: [ManifestObject] { byKind["Gateway", default: []] }
    public var routes: [ManifestObject] { byKind["HTTPRoute", default: []] }
    public var services: [ManifestObject] { byKind["Service", default: []] }
    public var workloads: [ManifestObject] { objects("Deployment", "StatefulSet", "DaemonSet") }

    /// `workloads` by pod label and by name, made once per layer for the checks that read it.
    var workloadIndex: WorkloadIndex { memo.value("workload-index") { WorkloadIndex(workloads) } }
    public var issuers: [ManifestObject] { objects("Issuer", "ClusterIssuer") }
    public var certificates: [ManifestObject] { byKind["Certificate", default: []] }
    public var gatewayClasses: [ManifestObject] { byKind["GatewayClass", default: []] }

    public func file(_ path: String) -> ManifestFile? { byPath[path].map { files[$0] } }

    /// The deepest folder holding every given folder.
    static func commonFolder(_ folders: [String]) -> String {
        var common = folders[0].split(separator: "/").map(String.init)
        for f in folders.dropFirst() {
            let parts = f.split(separator: "/").map(String.init)
            var n = 0
            while n < common.count, n < parts.count, common[n] == parts[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        return common.joined(separator: "/")
    }
}

/// Gateway API implementations a task may install, and the controller name their
/// GatewayClass must carry for the controller to pick the Gateway up.
enum GatewayImplementation {
    static let known: [(marker: String, name: String, controller: String)] = [
        ("envoyproxy/gateway-helm", "Envoy Gateway", "gateway.envoyproxy.io/gatewayclass-controller"),
        ("envoyproxy/gateway", "Envoy Gateway", "gateway.envoyproxy.io/gatewayclass-controller"),
        ("nginx-gateway-fabric", "NGINX Gateway Fabric", "gateway.nginx.org/nginx-gateway-controller"),
        ("istio/", "Istio", "istio.io/gateway-controller"),
        ("traefik/traefik", "Traefik", "traefik.io/gateway-controller"),
        ("kong/ingress", "Kong", "konghq.com/kic-gateway-controller"),
        ("projectcontour", "Contour", "projectcontour.io/gateway-controller"),
        // Cilium serves Gateway API from its own chart when `gatewayAPI.enabled=true`; the
        // controller name is Cilium's operator constant (operator/pkg/gateway-api).
        ("cilium/cilium", "Cilium", "io.cilium/gateway-controller"),
    ]

    /// The implementation a task installs (helm or kubectl), with where it does.
    /// Calls through wrappers count (`chart NS upgrade --install ...` with a `helm` wrapper),
    /// and a chart from a mirror is recognised by its path (`oci://mirror/envoyproxy/gateway-helm`).
    static func installed(in reality: RepoReality) -> (name: String, controller: String, path: String, line: Int)? {
        for task in reality.tasks {
            for e in EffectiveCommands.of(task, in: reality).commands where e.tool == "helm" || e.tool == "kubectl" {
                let text = e.words.map(\.unquotedText).joined(separator: " ")
                if let hit = known.first(where: { text.contains($0.marker) }) {
                    return (hit.name, hit.controller, task.path, e.line)
                }
            }
        }
        return nil
    }

    /// Class names a managed platform provides itself (GKE), which no manifest has to define.
    static func isBuiltIn(_ className: String) -> Bool { className.hasPrefix("gke-l7-") || className.hasPrefix("gke-l4-") }
}
