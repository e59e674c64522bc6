import Yams

/// The Secret a listener's `tls.certificateRefs` names must be produced by a Certificate of
/// the layer (its `secretName`) or by cert-manager's gateway-shim (the Gateway carries a
/// `cert-manager.io/issuer` or `cert-manager.io/cluster-issuer` annotation), or be present
/// (a Secret manifest, or a task's `kubectl create secret tls|generic NAME`).
///
/// Gateway API v1, `GatewayTLSConfig.certificateRefs`: when a reference names a Secret that
/// does not exist, the listener's `ResolvedRefs` condition is False with reason
/// `InvalidCertificateRef` and the listener serves no TLS. cert-manager v1, "Annotated
/// Gateway resource": the annotation makes cert-manager create one Certificate per Secret
/// the listeners name, in the Gateway's namespace. The fix writes a Certificate for the
/// listeners' hostnames from the issuer usable there (staging first).
struct ListenerSecretCheck: ManifestCheck {
    let id = "gateway.listener.certificate-secret-missing"
    let purpose = "The Secret a listener's certificateRefs names is produced by a Certificate, by cert-manager's Gateway annotation, or is present."
    let condition = PredictedCondition(object: "Gateway listener", type: "ResolvedRefs", status: "False", reason: "InvalidCertificateRef")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let layer = checker.layer
        for gw in layer.gateways where !GatewayIssuerAnnotationCheck.isAnnotated(gw) {
            var hostsBySecret: [String: [String]] = [:]
            var lineBySecret: [String: Int] = [:]
            for listener in gw["spec", "listeners"]?.items ?? [] {
                for ref in listener.at(["tls", "certificateRefs"])?.items ?? [] {
                    guard (ref.child("kind")?.string ?? "Secret") == "Secret", let name = ref.child("name")?.string else { continue }
                    let ns = ref.child("namespace")?.string ?? gw.namespace
                    if layer.certificates.contains(where: { $0["spec", "secretName"]?.string == name && ReferenceChecker.sameNamespace($0.namespace, ns) }) { continue }
                    if let host = listener.child("hostname")?.string, !(hostsBySecret[name] ?? []).contains(host) { hostsBySecret[name, default: []].append(host) }
                    lineBySecret[name] = lineBySecret[name] ?? ref.child("name")?.mark?.line ?? gw.line
                }
            }
            for (secret, line) in lineBySecret.sorted(by: { $0.key < $1.key }) {
                // A Secret the layer or a task makes is present: a second producer would fight it.
                if layer.objects("Secret").contains(where: { $0.name == secret && ReferenceChecker.sameNamespace($0.namespace, gw.namespace) })
                    || Self.createdByTasks(checker).contains(secret) { continue }
                let hosts = hostsBySecret[secret] ?? []
                let issuer = Self.chooseIssuer(layer, namespace: gw.namespace)
                var fix: ManifestFix?
                var message = "Gateway `\(gw.name)` TLS refers to Secret `\(secret)`; no Certificate produces it"
                if let issuer, !hosts.isEmpty {
                    let folder = Self.certificateFolder(checker, gateway: gw, issuer: issuer)
                    let path = checker.reality.snapshot.exists("\(folder)/certificate.yaml") ? "\(folder)/\(secret)-certificate.yaml" : "\(folder)/certificate.yaml"
                    fix = .createFile(path: path, text: ManifestTemplates.certificate(
                        name: secret, namespace: gw.namespace, secretName: secret, dnsNames: hosts,
                        issuer: issuer.name, issuerKind: issuer.kind), nextTo: folder == parentFolder(gw.path) ? gw.path : issuer.path, before: false)
                    message += "; a Certificate from \(issuer.label) will"
                } else if issuer == nil {
                    message += "; no Issuer or ClusterIssuer usable from namespace `\(gw.namespace ?? "default")` exists to issue it"
                } else {
                    message += "; its listener names no hostname to put in the certificate"
                }
                out.append(problem(secret, file: gw.path, line: line, message, fix: fix))
            }
        }
        return out
    }

    /// Names of the Secrets the tasks create (`kubectl create secret tls|generic NAME`, through
    /// wrappers). Asked only for a Secret nothing else makes, so rarely.
    static func createdByTasks(_ checker: ReferenceChecker) -> Set<String> {
        var names: Set<String> = []
        for task in checker.reality.tasks {
            for e in EffectiveCommands.of(task, in: checker.reality).commands where e.tool == "kubectl" {
                let texts = e.words.map(\.unquotedText)
                guard let i = texts.firstIndex(of: "secret"), i > 0, texts[i - 1] == "create", i + 2 < texts.count,
                      ["tls", "generic"].contains(texts[i + 1]), !e.words[i + 2].hasExpansion else { continue }
                names.insert(texts[i + 2])
            }
        }
        return names
    }

    /// The first ClusterIssuer, or an Issuer in the Certificate's namespace (staging first when
    /// both exist: Let's Encrypt production has tight rate limits).
    static func chooseIssuer(_ layer: ManifestLayer, namespace: String?) -> ManifestObject? {
        let usable = layer.issuers.filter { $0.kind == "ClusterIssuer" || ReferenceChecker.sameNamespace($0.namespace, namespace) }
        return usable.first { $0.name.contains("staging") } ?? usable.first
    }

    /// Beside the Gateway when the task applying it runs after cert-manager is installed (the
    /// issuer's task), else beside the issuer.
    static func certificateFolder(_ checker: ReferenceChecker, gateway: ManifestObject, issuer: ManifestObject) -> String {
        let order = checker.reality.tasks.map(\.path)
        func taskIndex(_ path: String) -> Int? {
            checker.applies.filter { $0.files.contains(path) }.compactMap { order.firstIndex(of: $0.task.path) }.min()
        }
        if let g = taskIndex(gateway.path), let i = taskIndex(issuer.path), g < i { return parentFolder(issuer.path) }
        return parentFolder(gateway.path)
    }
}
