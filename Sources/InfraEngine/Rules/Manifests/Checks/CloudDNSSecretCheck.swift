import Yams
import ShellReader

/// A DNS-01 Cloud DNS solver reads its service account key from a Secret that must exist,
/// in the right namespace, under the key the solver names.
///
/// cert-manager v1, `ACMEIssuerDNS01ProviderCloudDNS.serviceAccountSecretRef` (a
/// `SecretKeySelector`: `name`, `key`). For a ClusterIssuer the Secret is read from the
/// cluster resource namespace (`--cluster-resource-namespace`; the Helm chart sets it to the
/// release namespace, `cert-manager` by convention); for an Issuer, from the Issuer's own
/// namespace. Otherwise every Challenge fails (`secret "…" not found`, or no key in it), and
/// the Certificate stays `Ready=False`.
struct CloudDNSSecretCheck: ManifestCheck {
    let id = "certmanager.solver.clouddns-secret"
    let purpose = "A DNS-01 cloudDNS serviceAccountSecretRef names a Secret, created by a manifest or a task, in the namespace the issuer reads and with that key."
    let condition = PredictedCondition(object: "Certificate", type: "Ready", status: "False",
                                       reason: "Challenge errored: solver Secret not found or key missing")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        // Reading every task for the Secrets they create is only worth it with such a solver.
        guard checker.layer.issuers.contains(where: { issuer in
            (issuer["spec", "acme", "solvers"]?.items ?? []).contains { $0.at(["dns01", "cloudDNS", "serviceAccountSecretRef"]) != nil }
        }) else { return out }
        let sources = SolverSecrets(checker)
        for issuer in checker.layer.issuers {
            for solver in issuer["spec", "acme", "solvers"]?.items ?? [] {
                guard let ref = solver.at(["dns01", "cloudDNS", "serviceAccountSecretRef"]),
                      let name = ref.child("name")?.string else { continue }
                let key = ref.child("key")?.string
                let namespace = issuer.kind == "ClusterIssuer" ? sources.clusterResourceNamespace : issuer.namespace
                let found = sources.secrets.filter { $0.name == name }
                let line = solver.at(["dns01", "cloudDNS"])?.keyNode("serviceAccountSecretRef")?.mark?.line ?? issuer.line
                let at = "\(issuer.path):\(line)"
                guard !found.isEmpty else {
                    out.append(problem("\(issuer.name)-\(name)", file: issuer.path, line: line,
                                       "\(issuer.label) reads Cloud DNS credentials from Secret `\(name)`; no manifest or task creates it",
                                       severity: .warning))
                    continue
                }
                // Fine when one source puts it where the issuer reads, with the key (unknown
                // namespaces and keys, from variables, count as fine: no guessing).
                func inPlace(_ s: SolverSecrets.Secret) -> Bool { s.namespace == nil || namespace == nil || s.namespace == namespace }
                func hasKey(_ s: SolverSecrets.Secret) -> Bool { key == nil || s.keys == nil || s.keys!.contains(key!) }
                guard !found.contains(where: { inPlace($0) && hasKey($0) }) else { continue }
                let s = found[0]
                var wrong: [String] = []
                if !inPlace(s) {
                    wrong.append("the Secret is in `\(s.namespace!)`, but \(issuer.kind == "ClusterIssuer" ? "a ClusterIssuer" : "the Issuer") reads it from `\(namespace!)`")
                }
                if !hasKey(s) {
                    wrong.append("Its key is \(s.keys!.map { "`\($0)`" }.joined(separator: ", ")), but the issuer reads `\(key!)`")
                }
                out.append(problem("\(issuer.name)-\(name)", file: s.file, line: s.line,
                                   "Secret `\(name)` against \(issuer.label) (\(at)): " + wrong.joined(separator: ". "),
                                   fix: Self.moveSecret(s, to: inPlace(s) ? nil : namespace, key: hasKey(s) ? nil : key, layer: checker.layer)))
            }
        }
        return out
    }
}

extension CloudDNSSecretCheck {
    /// The task creates the Secret where the issuer reads it and under its key: only when
    /// exactly one task creates it with one key, and nothing else in the layer reads a Secret
    /// of that name (it may be needed where it is now).
    static func moveSecret(_ s: SolverSecrets.Secret, to namespace: String?, key: String?, layer: ManifestLayer) -> ManifestFix? {
        guard s.file.hasSuffix(".sh"), layer.file(s.file) == nil else { return nil }
        let readers = layer.objects.filter { $0.kind != "Issuer" && $0.kind != "ClusterIssuer" && $0.node.containsScalar(s.name) }
        guard readers.isEmpty else { return nil }
        var edits: [TextReplacement] = []
        if let namespace {
            guard let spot = s.namespaceSpot else { return nil }
            edits.append(spot.replacement(namespace))
        }
        if let key {
            guard let keys = s.keys, keys.count == 1, let spot = s.keySpots[keys[0]] else { return nil }
            edits.append(spot.replacement(key))
        }
        return edits.isEmpty ? nil : .taskText(path: s.file, edits: edits)
    }
}

extension Node {
    /// Whether any scalar in the tree is `text`.
    func containsScalar(_ text: String) -> Bool {
        if string == text, mapping == nil, sequence == nil { return true }
        if let mapping { return mapping.contains { $0.value.containsScalar(text) } }
        return items.contains { $0.containsScalar(text) }
    }
}

/// Secrets the layer defines or the tasks create (`kubectl create secret generic NAME
/// -n NS --from-file=KEY=PATH`), with their namespace and keys where they are literal.
struct SolverSecrets {
    struct Secret {
        let name: String
        /// nil when unknown (no `-n`, or a variable).
        let namespace: String?
        /// nil when unknown.
        let keys: [String]?
        let file: String
        let line: Int
        /// Where a task writes the namespace (`-n payroll`) and each key (`--from-file=key.json=`),
        /// as text to replace with another value between `prefix` and `suffix`.
        var namespaceSpot: Spot? = nil
        var keySpots: [String: Spot] = [:]
    }
    struct Spot {
        let line: Int
        let old: String
        let prefix: String
        let suffix: String
        func replacement(_ value: String) -> TextReplacement { TextReplacement(line: line, old: old, new: prefix + value + suffix) }
    }
    let secrets: [Secret]
    /// Where cert-manager reads a ClusterIssuer's Secrets: `clusterResourceNamespace` set on
    /// the Helm release, else the release namespace, else `cert-manager`.
    let clusterResourceNamespace: String?

    init(_ checker: ReferenceChecker) {
        var secrets: [Secret] = checker.layer.objects("Secret").map { s in
            let keys = ((s["data"]?.mapping.map { Array($0.keys) } ?? []) + (s["stringData"]?.mapping.map { Array($0.keys) } ?? [])).compactMap(\.string)
            return Secret(name: s.name, namespace: s.namespace, keys: keys, file: s.path, line: s.line("metadata", "name"))
        }
        var crn: String?
        for task in checker.reality.tasks {
            for e in EffectiveCommands.of(task, in: checker.reality).commands {
                let texts = e.words.map(\.unquotedText)
                if e.tool == "helm", texts.contains(where: { $0.hasSuffix("/cert-manager") || $0 == "cert-manager" }),
                   texts.contains(where: { $0 == "install" || $0 == "upgrade" }) {
                    let set = texts.first { $0.hasPrefix("clusterResourceNamespace=") }.map { String($0.dropFirst("clusterResourceNamespace=".count)) }
                    crn = crn ?? set ?? Self.literal(e.flagValue("--namespace") ?? e.flagValue("-n"))
                }
                guard e.tool == "kubectl", let i = texts.firstIndex(of: "secret"), i > 0, texts[i - 1] == "create",
                      i + 2 < texts.count, texts[i + 1] == "generic", !e.words[i + 2].hasExpansion else { continue }
                var keys: [String]? = []
                var keySpots: [String: Spot] = [:]
                // A fix edits the task: only words written at the call site (not a wrapper's) are spots.
                let callSite = e.words.indices.filter { e.callSiteIndex($0) != nil }.map { e.words[$0] }
                for (i, w) in e.words.enumerated() where w.unquotedText.hasPrefix("--from-file=") || w.unquotedText.hasPrefix("--from-literal=") {
                    let value = w.unquotedText.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
                    let parts = value.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, !parts[0].contains("$") {
                        keys?.append(String(parts[0]))
                        let flag = String(w.unquotedText.prefix { $0 != "=" }) + "="
                        if w.raw.hasPrefix(flag + parts[0] + "="), e.callSiteIndex(i) != nil {
                            keySpots[String(parts[0])] = Spot(line: w.line, old: flag + parts[0] + "=", prefix: flag, suffix: "=")
                        }
                    }
                    else if w.unquotedText.hasPrefix("--from-file="), !w.hasExpansion { keys?.append(String(fileName(String(parts[0])))) }
                    else { keys = nil }
                }
                secrets.append(Secret(name: texts[i + 2], namespace: Self.literal(e.flagValue("-n") ?? e.flagValue("--namespace")),
                                      keys: keys, file: task.path, line: e.line, namespaceSpot: Self.namespaceSpot(callSite), keySpots: keySpots))
            }
        }
        self.secrets = secrets
        clusterResourceNamespace = crn ?? "cert-manager"
    }

    /// `-n NS` / `--namespace NS` on one line with one space, or `--namespace=NS`.
    static func namespaceSpot(_ words: [ShellWord]) -> Spot? {
        for (i, w) in words.enumerated() {
            if ["-n", "--namespace"].contains(w.raw), i + 1 < words.count, !words[i + 1].hasExpansion, words[i + 1].line == w.line {
                return Spot(line: w.line, old: w.raw + " " + words[i + 1].raw, prefix: w.raw + " ", suffix: "")
            }
            if w.raw.hasPrefix("--namespace="), !w.hasExpansion {
                return Spot(line: w.line, old: w.raw, prefix: "--namespace=", suffix: "")
            }
        }
        return nil
    }

    static func literal(_ w: ShellWord?) -> String? { w.flatMap { $0.hasExpansion ? nil : $0.unquotedText } }
}
