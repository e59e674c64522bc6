import Yams
import ShellReader

/// A GKE Gateway's named address must be reserved with the scope its class needs: a global
/// class a `--global` address, a regional class a `--region` one, as the task's
/// `gcloud compute addresses create` says.
///
/// GKE Gateway (cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities and
/// "Deploying Gateways", static IP): `spec.addresses` of `type: NamedAddress` names a
/// reserved Compute Engine address; the global classes (`gke-l7-global-external-managed`,
/// `gke-l7-gxlb` and their `-mc` forms) build a global load balancer that takes only a
/// global address, the regional ones (`gke-l7-regional-external-managed`, `gke-l7-rilb` and
/// `-mc`) only a regional address. Gateway API v1, `GatewayConditionReason`: an address the
/// implementation cannot use leaves `Programmed=False` with reason `AddressNotUsable`.
/// `gcloud compute addresses create NAME` is global with `--global`, otherwise regional.
/// Other classes, and addresses no task reserves, are not judged. Whether the class or the
/// reservation is wrong is a person's call (an address cannot change scope): no fix.
struct GatewayAddressScopeCheck: ManifestCheck {
    let id = "gateway.gateway.address-scope"
    let purpose = "A GKE Gateway's NamedAddress is reserved (gcloud compute addresses create) with the scope its class needs, global or regional."
    let condition = PredictedCondition(object: "Gateway", type: "Programmed", status: "False", reason: "AddressNotUsable")

    static let globalClasses: Set<String> = ["gke-l7-global-external-managed", "gke-l7-gxlb", "gke-l7-global-external-managed-mc", "gke-l7-gxlb-mc"]
    static let regionalClasses: Set<String> = ["gke-l7-regional-external-managed", "gke-l7-rilb", "gke-l7-regional-external-managed-mc", "gke-l7-rilb-mc"]

    struct Reservation {
        let name: String
        let global: Bool
        let path: String
        let line: Int
    }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let gateways = checker.layer.gateways.filter {
            let cls = $0["spec", "gatewayClassName"]?.string ?? ""
            return Self.globalClasses.contains(cls) || Self.regionalClasses.contains(cls)
        }
        guard !gateways.isEmpty else { return out }
        let reserved = Self.reservations(checker.reality)
        for gw in gateways {
            let cls = gw["spec", "gatewayClassName"]?.string ?? ""
            let needsGlobal = Self.globalClasses.contains(cls)
            for address in gw["spec", "addresses"]?.items ?? [] where address.child("type")?.string == "NamedAddress" {
                guard let name = address.child("value")?.string,
                      let r = reserved.first(where: { $0.name == name }), r.global != needsGlobal else { continue }
                let line = address.child("value")?.mark?.line ?? gw.line
                out.append(problem("\(gw.name)-\(name)", file: gw.path, line: line,
                                   "Gateway `\(gw.name)` of class `\(cls)` (a \(needsGlobal ? "global" : "regional") load balancer) uses address `\(name)`, "
                                       + "which \(r.path):\(r.line) reserves as a \(r.global ? "global (`--global`)" : "regional (`--region`)") address; "
                                       + "the class needs a \(needsGlobal ? "global" : "regional") one"))
            }
        }
        return out
    }

    /// `gcloud compute addresses create NAME [--global | --region R]` in the tasks (through
    /// wrappers), with a literal name.
    static func reservations(_ reality: RepoReality) -> [Reservation] {
        var out: [Reservation] = []
        for task in reality.tasks {
            for e in EffectiveCommands.of(task, in: reality).commands where e.tool == "gcloud" && e.action == .create {
                let texts = e.words.map(\.unquotedText)
                guard let i = texts.firstIndex(of: "addresses"), i > 0, texts[i - 1] == "compute", i + 2 < texts.count,
                      texts[i + 1] == "create", !e.words[i + 2].hasExpansion, !texts[i + 2].hasPrefix("-") else { continue }
                out.append(Reservation(name: texts[i + 2], global: e.has("--global"), path: task.path, line: e.line))
            }
        }
        return out
    }
}
