import Yams

/// The Certificate whose Secret a listener serves must cover the listener's hostname in its
/// `dnsNames`.
///
/// Gateway API v1, `Listener.hostname` with `tls.certificateRefs`: the listener presents
/// that Secret to clients asking for its hostname. RFC 6125 §6.4.3 (and the CA/Browser
/// Forum rules clients follow): a `*.example.com` name covers exactly one leftmost label
/// (`a.example.com`, never `example.com` or `a.b.example.com`); a wildcard listener
/// (`*.example.com`) needs that same wildcard in the certificate. cert-manager v1 puts
/// `dnsNames` in the subject alternative names, which is all clients read (`commonName`
/// alone is ignored). No controller condition shows this: the Certificate is `Ready` and
/// every client refuses the handshake. Which side is wrong is a person's call: no fix.
struct CertificateDNSNamesCheck: ManifestCheck {
    let id = "certmanager.certificate.dns-names-cover-listener"
    let purpose = "The Certificate whose Secret a listener serves lists the listener's hostname (or a wildcard one label above it) in its dnsNames."
    let condition = PredictedCondition(object: "TLS handshake", type: nil, status: "",
                                       reason: "clients refuse the certificate: it does not name the listener's hostname")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for gw in checker.layer.gateways {
            for listener in gw["spec", "listeners"]?.items ?? [] {
                guard let host = listener.child("hostname")?.string, !host.contains("$") else { continue }
                for ref in listener.at(["tls", "certificateRefs"])?.items ?? [] {
                    guard (ref.child("kind")?.string ?? "Secret") == "Secret", let secret = ref.child("name")?.string else { continue }
                    let ns = ref.child("namespace")?.string ?? gw.namespace
                    for cert in checker.layer.certificates where cert["spec", "secretName"]?.string == secret
                        && ReferenceChecker.sameNamespace(cert.namespace, ns) {
                        let names = (cert["spec", "dnsNames"]?.items ?? []).compactMap(\.string)
                        guard !names.contains(where: { $0.contains("$") }), !names.contains(where: { Self.covers($0, host) }) else { continue }
                        let listed = names.isEmpty ? "no dnsNames" : "dnsNames " + names.map { "`\($0)`" }.joined(separator: ", ")
                        let line = cert["spec"]?.keyNode("dnsNames")?.mark?.line ?? cert.line("spec")
                        out.append(problem("\(cert.name)-\(host)", file: cert.path, line: line,
                                           "Certificate `\(cert.name)` (Secret `\(secret)`) has \(listed); listener `\(listener.child("name")?.string ?? "?")` "
                                               + "of Gateway `\(gw.name)` (\(gw.path):\(listener.child("hostname")?.mark?.line ?? gw.line)) serves it for `\(host)`"))
                    }
                }
            }
        }
        return out
    }

    /// Whether a certificate name covers `host` (RFC 6125 §6.4.3): equal ignoring case, or a
    /// `*.` name whose suffix follows exactly one label of a concrete host.
    static func covers(_ name: String, _ host: String) -> Bool {
        let n = name.lowercased(), h = host.lowercased()
        if n == h { return true }
        guard n.hasPrefix("*."), !h.hasPrefix("*."), let dot = h.firstIndex(of: ".") else { return false }
        return h[h.index(after: dot)...] == n.dropFirst(2) && dot > h.startIndex
    }
}
