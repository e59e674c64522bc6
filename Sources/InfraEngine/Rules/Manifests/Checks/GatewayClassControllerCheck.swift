import Yams

/// A GatewayClass's `controllerName` must belong to a controller that runs: an implementation
/// some task installs (directly or through a wrapper), or GKE's built-in controller.
///
/// Gateway API v1, `GatewayClassSpec.controllerName`: "the name of the controller that is
/// managing Gateways of this class"; a controller only reconciles classes carrying its own
/// name, so a class no controller claims keeps `Accepted=Unknown` with reason `Pending`
/// ("Waiting for controller"), and so does every Gateway of it. When exactly one known
/// implementation is installed and the name is a variant of its controller's (same domain),
/// the fix writes that controller's name; a name of another implementation is reported, as
/// the cluster may run it without a task installing it.
struct GatewayClassControllerCheck: ManifestCheck {
    let id = "gateway.gatewayclass.unknown-controller"
    let purpose = "A GatewayClass's controllerName belongs to an implementation a task installs, or to GKE's built-in controller."
    let condition = PredictedCondition(object: "GatewayClass", type: "Accepted", status: "Unknown", reason: "Pending")

    /// Controllers a managed platform runs itself (GKE's Gateway controller).
    static let builtIn: Set<String> = ["networking.gke.io/gateway", "networking.gke.io/gateway-multi-cluster"]

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        let classes = checker.layer.gatewayClasses
        guard !classes.isEmpty else { return out }
        let installed = Self.installedImplementations(checker.reality)
        for cls in classes {
            guard let node = cls["spec", "controllerName"], let controller = node.string, !controller.contains("$"),
                  !Self.builtIn.contains(controller), !installed.contains(where: { $0.controller == controller }) else { continue }
            let line = node.mark?.line ?? cls.line
            let known = GatewayImplementation.known.first { $0.controller == controller }
            var message = "GatewayClass `\(cls.name)` names controller `\(controller)`"
            message += known.map { " (\($0.name))" } ?? ""
            var fix: ManifestFix?
            var severity = Finding.Severity.error
            if installed.isEmpty {
                message += "; no task installs a Gateway API implementation, so nothing claims the class unless the cluster already runs that controller"
                severity = .warning
            } else {
                let names = installed.map { "\($0.name) (\($0.path):\($0.line), `\($0.controller)`)" }
                message += "; the tasks install \(names.joined(separator: ", "))"
                if known == nil, installed.count == 1, Self.domain(controller) == Self.domain(installed[0].controller) {
                    fix = .scalar(path: cls.path, line: line, old: controller, new: installed[0].controller)
                    message += ", whose controller it misspells"
                }
            }
            out.append(problem(cls.name, file: cls.path, line: line, message, severity: severity, fix: fix))
        }
        return out
    }

    /// The last two labels of the controller name's domain part (`gateway.envoyproxy.io/x` -> `envoyproxy.io`).
    static func domain(_ controller: String) -> String {
        let host = controller.split(separator: "/").first.map(String.init) ?? controller
        return host.split(separator: ".").suffix(2).joined(separator: ".").lowercased()
    }

    /// Every known implementation some task installs (helm or kubectl, through wrappers), once each.
    static func installedImplementations(_ reality: RepoReality) -> [(name: String, controller: String, path: String, line: Int)] {
        var out: [(name: String, controller: String, path: String, line: Int)] = []
        for task in reality.tasks {
            for e in EffectiveCommands.of(task, in: reality).commands where e.tool == "helm" || e.tool == "kubectl" {
                let text = e.words.map(\.unquotedText).joined(separator: " ")
                for hit in GatewayImplementation.known where text.contains(hit.marker) && !out.contains(where: { $0.controller == hit.controller }) {
                    out.append((hit.name, hit.controller, task.path, e.line))
                }
            }
        }
        return out
    }
}
