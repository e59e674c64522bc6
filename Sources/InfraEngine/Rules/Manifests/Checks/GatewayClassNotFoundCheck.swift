import Yams

/// A Gateway's `gatewayClassName` must name a GatewayClass: one in the layer, or one the
/// platform provides (GKE's `gke-l7-*` / `gke-l4-*`).
///
/// Gateway API v1, `GatewaySpec.gatewayClassName`: "the name of a GatewayClass resource".
/// A Gateway whose class does not exist is reconciled by no controller, so its status keeps
/// the API server's default, `Accepted=Unknown` with reason `Pending` ("Waiting for
/// controller"), and no address is ever assigned. The fix writes the class when a task
/// installs an implementation this rule knows (its controllerName is then certain).
struct GatewayClassNotFoundCheck: ManifestCheck {
    let id = "gateway.gateway.class-not-found"
    let purpose = "A Gateway's gatewayClassName names a GatewayClass in the layer or one the platform provides."
    let condition = PredictedCondition(object: "Gateway", type: "Accepted", status: "Unknown", reason: "Pending")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        var seen: Set<String> = []
        let defined = Set(checker.layer.gatewayClasses.map(\.name))
        for gw in checker.layer.gateways {
            guard let cls = gw["spec", "gatewayClassName"]?.string, !defined.contains(cls), !seen.contains(cls),
                  !GatewayImplementation.isBuiltIn(cls) else { continue }
            seen.insert(cls)
            let impl = GatewayImplementation.installed(in: checker.reality)
            var message = "Gateway `\(gw.name)` uses GatewayClass `\(cls)`; no manifest defines it"
            var fix: ManifestFix?
            if let impl {
                let path = Self.gatewayClassPath(next: gw, checker)
                message += " (\(impl.name), installed by \(impl.path):\(impl.line), serves \(impl.controller))"
                fix = .createFile(path: path, text: ManifestTemplates.gatewayClass(name: cls, controller: impl.controller, implementation: impl.name),
                                  nextTo: gw.path, before: true)
            } else {
                message += "; no task installs a Gateway API implementation the rule knows, so its controllerName is unknown"
            }
            out.append(problem(cls, file: gw.path, line: gw.line("spec", "gatewayClassName"), message, fix: fix))
        }
        return out
    }

    /// A path a task already applies but which does not exist (`edge/gatewayclass.yaml`), else
    /// `gatewayclass.yaml` beside the Gateway.
    static func gatewayClassPath(next gw: ManifestObject, _ checker: ReferenceChecker) -> String {
        let folder = parentFolder(gw.path)
        let missing = checker.applies.map(\.target).filter {
            parentFolder($0) == folder && $0.lowercased().contains("class") && !checker.reality.snapshot.exists($0)
        }
        return missing.sorted().first ?? "\(folder)/gatewayclass.yaml"
    }
}
