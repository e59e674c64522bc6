/// The manifests the rule creates. Each says in a comment why it exists, so a reader of the
/// layer does not have to find the plan that wrote it.
enum ManifestTemplates {
    static func gatewayClass(name: String, controller: String, implementation: String) -> String {
        """
        # The class the Gateway names; \(implementation) only programs Gateways whose class carries its controllerName.
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: \(YAMLText.scalar(name))
        spec:
          controllerName: \(YAMLText.scalar(controller))

        """
    }

    static func certificate(name: String, namespace: String?, secretName: String, dnsNames: [String],
                            issuer: String, issuerKind: String) -> String {
        var lines = [
            "# cert-manager writes the Secret the Gateway's HTTPS listener serves; it must live in the Gateway's namespace.",
            "apiVersion: cert-manager.io/v1",
            "kind: Certificate",
            "metadata:",
            "  name: \(YAMLText.scalar(name))",
        ]
        if let namespace { lines.append("  namespace: \(YAMLText.scalar(namespace))") }
        lines += ["spec:", "  secretName: \(YAMLText.scalar(secretName))", "  dnsNames:"]
        lines += dnsNames.map { "    - \(YAMLText.scalar($0))" }
        lines += ["  issuerRef:", "    name: \(YAMLText.scalar(issuer))", "    kind: \(issuerKind)", "    group: cert-manager.io"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A kustomization listing every manifest of the layer (folders with their own
    /// kustomization are listed as folders). `namespace` only when it cannot restamp a
    /// cluster-scoped object or move an object out of the namespace it names.
    /// `placeholders`: whether the layer's files hold `${VAR}`, which the tasks render when
    /// they apply it (the comment says so only then).
    /// `edge`: whether the layer holds the edge slice (the comment names it only then).
    static func kustomization(root: String, resources: [String], namespace: String?, placeholders: Bool = true,
                              edge: Bool = true) -> String {
        let what = edge ? "The edge slice" : "These manifests"
        var lines = placeholders
            ? ["# \(what) as one unit: `kubectl kustomize \(root)` builds it offline;",
               "# the tasks render placeholders (${VAR}) with envsubst when they apply it."]
            : ["# \(what) as one unit: `kubectl kustomize \(root)` builds it offline."]
        lines += ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization"]
        if let namespace { lines.append("namespace: \(YAMLText.scalar(namespace))") }
        lines.append("resources:")
        lines += resources.map { "  - \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
