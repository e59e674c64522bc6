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
/// `gcloud compute addresses create NAME` is global with `--global`, otherwise regional; an
/// `IPAddress` given as `${VAR}` is judged by the `VAR=$(gcloud compute addresses describe
/// NAME --global|--region R ...)` that reads it.
/// Other classes, and addresses no task reserves, are not judged. Whether the class or the
/// reservation is wrong is a person's call (an address cannot change scope): no fix.
struct GatewayAddressScopeCheck: ManifestCheck {
    let id = "gateway.gateway.address-scope"
    let purpose = "A GKE Gateway's address (a NamedAddress, or an IP a task reads from one) is reserved with the scope its class needs, global or regional."
    let condition = PredictedCondition(object: "Gateway", type: "Programmed", status: "False", reason: "AddressNotUsable")

    static let globalClasses: Set<String> = ["gke-l7-global-external-managed", "gke-l7-gxlb", "gke-l7-global-external-managed-mc", "gke-l7-gxlb-mc"]
    static let regionalClasses: Set<String> = ["gke-l7-regional-external-managed", "gke-l7-rilb", "gke-l7-regional-external-managed-mc", "gke-l7-rilb-mc"]

    /// An address a task reserves (`create`), or reads into a variable (`VAR=$(gcloud compute
    /// addresses describe NAME ...)`, `variable` set), and the scope its flags give it.
    struct Reservation {
        let name: String
        let global: Bool
        let path: String
        let line: Int
        var variable: String? = nil
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
            for address in gw["spec", "addresses"]?.items ?? [] {
                guard let value = address.child("value")?.string else { continue }
                // A NamedAddress names the reservation; an IPAddress filled at apply time
                // (`${GATEWAY_IP}`) is the one a task reads into that variable.
                let r: Reservation?
                switch address.child("type")?.string ?? "IPAddress" {
                case "NamedAddress": r = reserved.first { $0.name == value && $0.variable == nil } ?? reserved.first { $0.name == value }
                case "IPAddress": r = reserved.first { $0.variable != nil && "${\($0.variable!)}" == value }
                default: r = nil
                }
                guard let r, r.global != needsGlobal else { continue }
                let name = r.name
                let line = address.child("value")?.mark?.line ?? gw.line
                let scope = r.global ? "global (`--global`)" : "regional (`--region`)"
                let source = r.variable.map { "takes `${\($0)}`, which \(r.path):\(r.line) reads from address `\(name)` as a \(scope) address" }
                    ?? "uses address `\(name)`, which \(r.path):\(r.line) reserves as a \(scope) address"
                out.append(problem("\(gw.name)-\(name)", file: gw.path, line: line,
                                   "Gateway `\(gw.name)` of class `\(cls)` (a \(needsGlobal ? "global" : "regional") load balancer) \(source); "
                                       + "the class needs a \(needsGlobal ? "global" : "regional") one"))
            }
        }
        return out
    }

    /// `gcloud compute addresses create NAME [--global | --region R]` in the tasks (through
    /// wrappers), with a literal name, and the `describe`s whose output a variable holds.
    static func reservations(_ reality: RepoReality) -> [Reservation] {
        var out: [Reservation] = []
        for task in reality.tasks {
            let effective = EffectiveCommands.of(task, in: reality)
            // The effective commands leave out those inside `$(...)`: a describe is read there.
            let inner = task.script.commands.filter { $0.enclosing.contains(.substitution) }
                .compactMap { EffectiveCommand.resolve($0, scope: effective.scope.summaries) }
            for list in [effective.commands, inner] {
                for e in list where e.tool == "gcloud" {
                    // Most gcloud commands name no address: found without copying their words' texts.
                    guard let i = e.words.firstIndex(where: { $0.unquotedText == "addresses" }), i > 0,
                          e.words[i - 1].unquotedText == "compute", i + 2 < e.words.count,
                          !e.words[i + 2].hasExpansion, !e.words[i + 2].unquotedText.hasPrefix("-") else { continue }
                    out += reservation(e, at: i, in: task)
                }
            }
        }
        return out
    }

    /// The reservation `e` makes or reads, its `addresses` word at `i`: a create, or a
    /// describe whose output a variable holds.
    private static func reservation(_ e: EffectiveCommand, at i: Int, in task: ShellFile) -> [Reservation] {
        let verb = e.words[i + 1].unquotedText
        let r = Reservation(name: e.words[i + 2].unquotedText, global: e.has("--global"), path: task.path, line: e.line)
        if verb == "create" { return [r] }
        guard verb == "describe", e.command.enclosing.contains(.substitution),
              let v = task.script.assignments.first(where: { $0.line == e.line && $0.value?.raw.contains("$(") == true }) else { return [] }
        var read = r
        read.variable = v.name
        return [read]
    }
}
