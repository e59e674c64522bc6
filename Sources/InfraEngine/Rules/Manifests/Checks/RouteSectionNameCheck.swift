import Yams

/// A parentRef's `sectionName` (and `port`) must name a listener of the Gateway it reaches.
///
/// Gateway API v1, `ParentReference.sectionName`: "the name of a section within the target
/// resource"; for a Gateway, a listener name. When set, the route attaches to that listener
/// only; when none matches, the route's `Accepted` condition is False with reason
/// `NoMatchingParent`. `port` narrows the same way.
struct RouteSectionNameCheck: ManifestCheck {
    let id = "gateway.route.no-matching-parent"
    let purpose = "A parentRef's sectionName and port name a listener of the Gateway it attaches to."
    let condition = PredictedCondition(object: "HTTPRoute", type: "Accepted", status: "False", reason: "NoMatchingParent")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for a in checker.attachments() {
            let (route, ref, gw, listeners, section, port) = (a.route, a.ref, a.gateway, a.listeners, a.section, a.port)
            let hostnames = Set((route["spec", "hostnames"]?.items ?? []).compactMap(\.string))
            let names = listeners.compactMap { $0.child("name")?.string }
            guard a.selected.isEmpty, section != nil || port != nil else { continue }
            let where_ = "Gateway `\(gw.namespace.map { $0 + "/" } ?? "")\(gw.name)`"
            let listed = listeners.map { l in "`\(l.child("name")?.string ?? "?")` (\(l.child("port")?.int.map(String.init) ?? "?"))" }
            let line = (section != nil ? ref.child("sectionName") : ref.child("port"))?.mark?.line ?? route.line
            let what = section.map { "sectionName `\($0)`" } ?? "port \(port!)"
            var message = "HTTPRoute `\(route.name)`: \(what) names no listener of \(where_) "
                + "(\(gw.path):\(gw.line("spec", "listeners"))). Its listeners: \(listed.joined(separator: ", "))"
            var fix: ManifestFix?
            // Only a sectionName is corrected, and only toward the one listener it can mean:
            // the only listener, else the only one serving the route's hostname on that port.
            if let section {
                let onPort = listeners.filter { port == nil || $0.child("port")?.int == port }
                let byHost = onPort.filter { l in l.child("hostname")?.string.map(hostnames.contains) ?? false }
                let meant = onPort.count == 1 ? onPort : byHost
                if meant.count == 1, let new = meant[0].child("name")?.string, names.filter({ $0 == new }).count == 1 {
                    fix = .scalar(path: route.path, line: line, old: section, new: new)
                    message += "; it means `\(new)`"
                }
            }
            out.append(problem("\(route.name)-\(gw.name)-\(section ?? port.map(String.init) ?? "")", file: route.path, line: line, message, fix: fix))
        }
        return out
    }
}
