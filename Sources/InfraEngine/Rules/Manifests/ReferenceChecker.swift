import Yams

/// Checks the references between the objects of the edge slice and says how to fix each
/// broken one. Namespaces left out of a manifest match any namespace here (whoever applies
/// it decides), and are reported separately when they must equal the Gateway's.
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
        // placeholders, issuer references, selectors, routes and solvers read the layer
        // alone: worked out once per layer. The rest also read the tasks and the tree.
        let alone = layer.memo.value("layer-only problems") { [self] in
            LayerProblems(placeholders: placeholders(), issuerRefs: issuerRefs(), selectors: selectors(),
                          routes: routes(), solvers: solvers())
        }
        out += gatewayClasses()
        out += alone.placeholders
        out += tls()
        out += alone.issuerRefs + alone.selectors + alone.routes + alone.solvers
        out += namespaces()
        // Not memoised with the layer: some checks read the tasks too.
        out += ManifestChecks.problems(in: self)
        if layer.kustomizations[layer.root] == nil {
            out.append(ManifestProblem(key: "kustomization", file: layer.kustomizationPath, line: 1,
                                       message: "no kustomization.yaml ties the layer together, so nothing builds or checks "
                                           + "\(layer.root) as one (`kubectl kustomize \(layer.root)`)",
                                       fix: .kustomization))
        }
        return out
    }

    static func sameNamespace(_ a: String?, _ b: String?) -> Bool { a == nil || b == nil || a == b }

    // MARK: - Checks

    private func gatewayClasses() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var seen: Set<String> = []
        let defined = Set(layer.gatewayClasses.map(\.name))
        for gw in layer.gateways {
            guard let cls = gw["spec", "gatewayClassName"]?.string, !defined.contains(cls), !seen.contains(cls),
                  !GatewayImplementation.isBuiltIn(cls) else { continue }
            seen.insert(cls)
            let impl = GatewayImplementation.installed(in: reality)
            var message = "Gateway `\(gw.name)` uses GatewayClass `\(cls)`; no manifest defines it"
            var fix: ManifestFix?
            if let impl {
                let path = gatewayClassPath(next: gw)
                message += " (\(impl.name), installed by \(impl.path):\(impl.line), serves \(impl.controller))"
                fix = .createFile(path: path, text: ManifestTemplates.gatewayClass(name: cls, controller: impl.controller, implementation: impl.name),
                                  nextTo: gw.path, before: true)
            } else {
                message += "; no task installs a Gateway API implementation the rule knows, so its controllerName is unknown"
            }
            out.append(ManifestProblem(key: "gatewayclass-\(cls)", file: gw.path, line: gw.line("spec", "gatewayClassName"),
                                       message: message, severity: .error, fix: fix))
        }
        return out
    }

    /// A path a task already applies but which does not exist (`edge/gatewayclass.yaml`), else
    /// `gatewayclass.yaml` beside the Gateway.
    private func gatewayClassPath(next gw: ManifestObject) -> String {
        let folder = parentFolder(gw.path)
        let missing = applies.map(\.target).filter {
            parentFolder($0) == folder && $0.lowercased().contains("class") && !reality.snapshot.exists($0)
        }
        return missing.sorted().first ?? "\(folder)/gatewayclass.yaml"
    }

    private func placeholders() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for file in layer.files {
            for (token, lines) in Placeholders.tokens(in: file.text) {
                let line = String(file.text.split(separator: "\n", omittingEmptySubsequences: false)[lines[0] - 1])
                let key = line.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "") }
                let variable = Placeholders.variable(for: token, key: key, fileText: file.text)
                let at = lines.count > 1 ? " (lines \(lines.map(String.init).joined(separator: ", ")))" : ""
                out.append(ManifestProblem(
                    key: "placeholder-\(token)", file: file.path, line: lines[0],
                    message: "holds the placeholder `\(token)`\(at), meant to be edited by hand; it becomes `${\(variable)}`, "
                        + "filled from the environment when the task applies the file",
                    fix: .placeholder(path: file.path, token: token, variable: variable)))
            }
        }
        return out
    }

    private func tls() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for gw in layer.gateways {
            var hostsBySecret: [String: [String]] = [:]
            var lineBySecret: [String: Int] = [:]
            for listener in gw["spec", "listeners"]?.items ?? [] {
                for ref in listener.at(["tls", "certificateRefs"])?.items ?? [] {
                    guard (ref.child("kind")?.string ?? "Secret") == "Secret", let name = ref.child("name")?.string else { continue }
                    let ns = ref.child("namespace")?.string ?? gw.namespace
                    if layer.certificates.contains(where: { $0["spec", "secretName"]?.string == name && Self.sameNamespace($0.namespace, ns) }) { continue }
                    if let host = listener.child("hostname")?.string, !(hostsBySecret[name] ?? []).contains(host) { hostsBySecret[name, default: []].append(host) }
                    lineBySecret[name] = lineBySecret[name] ?? ref.child("name")?.mark?.line ?? gw.line
                }
            }
            for (secret, line) in lineBySecret.sorted(by: { $0.key < $1.key }) {
                let hosts = hostsBySecret[secret] ?? []
                let issuer = chooseIssuer(namespace: gw.namespace)
                var fix: ManifestFix?
                var message = "Gateway `\(gw.name)` TLS refers to Secret `\(secret)`; no Certificate produces it"
                if let issuer, !hosts.isEmpty {
                    let folder = certificateFolder(gateway: gw, issuer: issuer)
                    let path = reality.snapshot.exists("\(folder)/certificate.yaml") ? "\(folder)/\(secret)-certificate.yaml" : "\(folder)/certificate.yaml"
                    fix = .createFile(path: path, text: ManifestTemplates.certificate(
                        name: secret, namespace: gw.namespace, secretName: secret, dnsNames: hosts,
                        issuer: issuer.name, issuerKind: issuer.kind), nextTo: folder == parentFolder(gw.path) ? gw.path : issuer.path, before: false)
                    message += "; a Certificate from \(issuer.label) will"
                } else if issuer == nil {
                    message += "; no Issuer or ClusterIssuer usable from namespace `\(gw.namespace ?? "default")` exists to issue it"
                } else {
                    message += "; its listener names no hostname to put in the certificate"
                }
                out.append(ManifestProblem(key: "tls-\(secret)", file: gw.path, line: line, message: message, severity: .error, fix: fix))
            }
        }
        return out
    }

    /// The first ClusterIssuer, or an Issuer in the Certificate's namespace (staging first when
    /// both exist: Let's Encrypt production has tight rate limits).
    private func chooseIssuer(namespace: String?) -> ManifestObject? {
        let usable = layer.issuers.filter { $0.kind == "ClusterIssuer" || Self.sameNamespace($0.namespace, namespace) }
        return usable.first { $0.name.contains("staging") } ?? usable.first
    }

    /// Beside the Gateway when the task applying it runs after cert-manager is installed (the
    /// issuer's task), else beside the issuer.
    private func certificateFolder(gateway: ManifestObject, issuer: ManifestObject) -> String {
        let order = reality.tasks.map(\.path)
        func taskIndex(_ path: String) -> Int? {
            applies.filter { $0.files.contains(path) }.compactMap { order.firstIndex(of: $0.task.path) }.min()
        }
        if let g = taskIndex(gateway.path), let i = taskIndex(issuer.path), g < i { return parentFolder(issuer.path) }
        return parentFolder(gateway.path)
    }

    private func issuerRefs() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for cert in layer.certificates {
            guard let name = cert["spec", "issuerRef", "name"]?.string else { continue }
            let kind = cert["spec", "issuerRef", "kind"]?.string ?? "Issuer"
            let matches = layer.issuers.filter { $0.kind == kind && $0.name == name && (kind == "ClusterIssuer" || Self.sameNamespace($0.namespace, cert.namespace)) }
            // A defaulted kind with only a ClusterIssuer of that name is IssuerRefKindCheck's.
            guard matches.isEmpty, !(kind == "Issuer" && layer.objects("ClusterIssuer").contains { $0.name == name }) else { continue }
            let sameKind = layer.issuers.filter { $0.kind == kind && (kind == "ClusterIssuer" || Self.sameNamespace($0.namespace, cert.namespace)) }
            let line = cert.line("spec", "issuerRef", "name")
            out.append(ManifestProblem(
                key: "issuer-\(cert.name)", file: cert.path, line: line,
                message: "Certificate `\(cert.name)` is issued by \(kind) `\(name)`; no manifest defines it",
                severity: .error,
                fix: sameKind.count == 1 ? .scalar(path: cert.path, line: line, old: name, new: sameKind[0].name) : nil))
        }
        return out
    }

    private func selectors() -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let indexed = WorkloadIndex(layer.workloads)
        let workloads = indexed.items
        for svc in layer.services {
            guard let selectorNode = svc["spec", "selector"], case let selector = selectorNode.stringPairs, !selector.isEmpty else { continue }
            func here(_ i: Int) -> Bool { Self.sameNamespace(workloads[i].object.namespace, svc.namespace) }
            if indexed.selected(by: selector).contains(where: here) { continue }
            // No workload matches: find the one the Service meant (by name, by a shared label
            // value, or the only one); only the last two walk the workloads.
            var meant = indexed.named(svc.name).first(where: here)
            if meant == nil {
                let matching = workloads.indices.filter(here)
                meant = matching.first(where: { i in workloads[i].labels.values.contains(where: { selector.values.contains($0) || $0.contains(svc.name) }) })
                    ?? (matching.count == 1 ? matching[0] : nil)
            }
            guard let index = meant else {
                out.append(ManifestProblem(key: "selector-\(svc.name)", file: svc.path, line: svc.line("spec", "selector"),
                                           message: "Service `\(svc.name)` selects \(Self.describe(selector)); no workload's pods carry those labels"))
                continue
            }
            let target = workloads[index].object
            // The workload's own selector is immutable once applied, so the Service follows it.
            let labels = target["spec", "selector", "matchLabels"]?.stringPairs ?? workloads[index].labels
            let ordered = labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            out.append(ManifestProblem(
                key: "selector-\(svc.name)", file: svc.path, line: svc.line("spec", "selector"),
                message: "Service `\(svc.name)` selects \(Self.describe(selector)); the \(target.kind)'s pods are labelled "
                    + "\(Self.describe(workloads[index].labels)) (\(target.path):\(target.line("spec", "template", "metadata", "labels")))",
                severity: .error, fix: .selector(service: svc, labels: ordered)))
        }
        return out
    }

    static func describe(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "`\($0.key): \($0.value)`" }.joined(separator: ", ")
    }
}

extension ManifestObject {
    var podLabels: [String: String] { self["spec", "template", "metadata", "labels"]?.stringPairs ?? [:] }
}
