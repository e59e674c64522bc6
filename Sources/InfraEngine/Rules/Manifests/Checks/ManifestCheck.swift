import Yams

/// What the controller that owns an object would write in its status when a check fails:
/// the condition `type` on `object`'s kind, its `status`, and the `reason`. This is the
/// prediction a person can compare with `kubectl get -o yaml` on a live cluster.
///
/// Sources: Gateway API v1 (`RouteConditionType`, `RouteConditionReason` in
/// gateway.networking.k8s.io/v1), cert-manager v1 (`CertificateRequest` and `Challenge` status).
struct PredictedCondition: Sendable, Equatable {
    /// Kind whose status carries the condition (`HTTPRoute`, `CertificateRequest`, ...).
    let object: String
    /// Condition type (`Accepted`, `ResolvedRefs`, `Ready`); nil when no controller sets one
    /// and the break only shows as missing traffic.
    let type: String?
    let status: String
    /// The reason (`NoMatchingParent`, `RefNotPermitted`) or, when the controller gives no
    /// stable reason, the gist of its message.
    let reason: String

    /// `HTTPRoute Accepted=False (NoMatchingParent)`, as listed in docs/manifests.md.
    var text: String {
        guard let type else { return "\(object): \(reason)" }
        return "\(object) \(type)=\(status) (\(reason))"
    }
}

/// One named check of the manifests layer. Adding a check is one file that conforms to this
/// protocol and one line in `ManifestChecks.all`.
protocol ManifestCheck: Sendable {
    /// Stable id, `<api>.<object>.<what>` (for example `gateway.route.no-matching-parent`).
    var id: String { get }
    /// One sentence: what must hold for the controller to accept the object.
    var purpose: String { get }
    var condition: PredictedCondition { get }
    /// The broken references in `checker`'s layer, each with a fix only when one is unambiguous.
    func problems(in checker: ReferenceChecker) -> [ManifestProblem]
    /// True when the answer depends on the layer's files alone (no task, no other file), so it
    /// is worked out once per layer and shared by every view of the plan with those bytes.
    var layerOnly: Bool { get }
}

extension ManifestCheck {
    var layerOnly: Bool { false }

    /// A problem of this check: its key starts with the check id, so findings name their check.
    func problem(_ subject: String, file: String, line: Int, _ message: String,
                 severity: Finding.Severity = .error, fix: ManifestFix? = nil) -> ManifestProblem {
        ManifestProblem(key: "\(id)-\(subject)", file: file, line: line,
                        message: message + " [\(id): \(condition.text)]", severity: severity, fix: fix)
    }
}
