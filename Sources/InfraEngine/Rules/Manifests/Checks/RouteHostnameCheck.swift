import Yams

/// A route's hostnames must intersect the hostname of a listener it attaches to.
///
/// Gateway API v1, `HTTPRouteSpec.hostnames` and `Listener.hostname`: a listener without a
/// hostname matches every hostname, as does a route without hostnames; `*.example.com` is a
/// suffix match (`a.example.com`, `a.b.example.com`, never `example.com`). When no selected
/// listener's hostname intersects the route's, its `Accepted` condition is False with reason
/// `NoMatchingListenerHostname`. Which side is wrong is a person's call: no fix.
struct RouteHostnameCheck: ManifestCheck {
    let id = "gateway.route.no-matching-listener-hostname"
    let purpose = "A route's hostnames intersect the hostname of a listener it attaches to."
    let condition = PredictedCondition(object: "HTTPRoute", type: "Accepted", status: "False", reason: "NoMatchingListenerHostname")

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for a in checker.attachments() where !a.selected.isEmpty {
            let routeHosts = (a.route["spec", "hostnames"]?.items ?? []).compactMap(\.string)
            guard !routeHosts.isEmpty else { continue }
            let listenerHosts = a.selected.map { $0.child("hostname")?.string }
            // A hostname from a variable (`${HOST}`) is filled at apply time: nothing to compare.
            guard !(routeHosts + listenerHosts.compactMap { $0 }).contains(where: { $0.contains("$") }),
                  !listenerHosts.contains(where: { l in l == nil || routeHosts.contains { Self.intersect($0, l!) } }) else { continue }
            out.append(problem("\(a.route.name)-\(a.gateway.name)", file: a.route.path, line: a.route.line("spec", "hostnames"),
                               "HTTPRoute `\(a.route.name)` serves \(routeHosts.map { "`\($0)`" }.joined(separator: ", ")); the listeners of Gateway "
                                   + "`\(a.gateway.name)` it attaches to serve \(listenerHosts.compactMap { $0 }.map { "`\($0)`" }.joined(separator: ", "))"))
        }
        return out
    }

    /// Whether two hostnames (each possibly `*.suffix`) can name one host.
    static func intersect(_ a: String, _ b: String) -> Bool {
        func matches(_ wildcard: String, _ host: String) -> Bool {
            let suffix = String(wildcard.dropFirst(1))
            return host.hasSuffix(suffix) && host.count > suffix.count
        }
        switch (a.hasPrefix("*."), b.hasPrefix("*.")) {
        case (false, false): return a.lowercased() == b.lowercased()
        case (true, false): return matches(a.lowercased(), b.lowercased())
        case (false, true): return matches(b.lowercased(), a.lowercased())
        case (true, true): return a.dropFirst(1).lowercased().hasSuffix(b.dropFirst(1).lowercased()) || b.dropFirst(1).lowercased().hasSuffix(a.dropFirst(1).lowercased())
        }
    }
}
