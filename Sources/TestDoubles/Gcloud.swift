import Foundation

/// gcloud: identity is command group + name + scope (`--region`, `--zone`, `--global`, `--location`)
/// + project. Service accounts are keyed by email and created by short name.
enum Gcloud {
    static let verbs: Set<String> = [
        "create", "create-auto", "describe", "delete", "get-credentials", "list", "enable", "disable",
        "add-iam-policy-binding", "remove-iam-policy-binding", "get-iam-policy", "set-iam-policy",
        "get-value", "set", "unset", "update", "resize", "login", "activate-service-account",
        "configure-docker", "print-access-token", "print-identity-token", "deploy", "add", "access",
        "submit", "ssh", "scp", "start", "stop", "upgrade", "import", "export", "patch", "activate",
        "add-metadata", "remove-metadata", "add-tags", "install", "revoke", "application-default",
    ]

    enum Scope { case none, regionOrZone, region, zone, regionOrGlobal, location, anyGiven }

    static let scopes: [String: Scope] = [
        "container clusters": .regionOrZone, "container node-pools": .regionOrZone,
        "compute networks": .none, "compute firewall-rules": .none, "compute routes": .none,
        "compute networks subnets": .region, "compute routers": .region, "compute routers nats": .region,
        "compute addresses": .regionOrGlobal, "compute forwarding-rules": .regionOrGlobal,
        "compute backend-services": .regionOrGlobal, "compute health-checks": .regionOrGlobal,
        "compute url-maps": .regionOrGlobal, "compute target-https-proxies": .regionOrGlobal,
        "compute target-http-proxies": .regionOrGlobal, "compute ssl-certificates": .regionOrGlobal,
        "compute instances": .zone, "compute disks": .regionOrZone,
        "compute instance-groups managed": .regionOrZone, "compute instance-groups unmanaged": .zone,
        "artifacts repositories": .location, "kms keyrings": .location, "kms keys": .location,
        "run services": .region, "redis instances": .region,
        "storage buckets": .none, "pubsub topics": .none, "pubsub subscriptions": .none,
        "secrets": .none, "secrets versions": .none, "dns managed-zones": .none, "sql instances": .none,
        "sql databases": .none, "sql users": .none, "projects": .none, "iam service-accounts": .none,
        "iam service-accounts keys": .none, "iam roles": .none, "services": .none,
    ]

    static func isBool(_ name: String) -> Bool {
        let bools: Set<String> = ["quiet", "q", "global", "async", "internal-ip", "preemptible", "spot",
                                  "allow-unauthenticated", "all", "recursive", "uniform-bucket-level-access",
                                  "dry-run", "force", "enabled", "available", "log-http", "verbosity-debug",
                                  "default", "no-address", "can-ip-forward", "shielded-secure-boot",
                                  "public-access-prevention", "cross-project-binding", "no-launch-browser",
                                  "update-adc", "brief", "include-all"]
        return bools.contains(name) || name.hasPrefix("enable-") || name.hasPrefix("no-")
            || name.hasPrefix("clear-") || name.hasPrefix("disable-") || name.hasPrefix("remove-all")
    }

    static func run(_ c: inout ToolContext) {
        // `-i INSTANCE` is `--instance` in `gcloud sql databases|users` (gcloud reference).
        let p = ParsedArgs(c.inv.args, isBool: isBool, shortValue: ["i"])
        guard let vi = p.positionals.firstIndex(where: { verbs.contains($0) }) else {
            c.outcome.callClass = p.positionals.first == "version" || p.positionals.isEmpty ? .read : .other
            if p.positionals.first == "version" { c.outcome.out("Google Cloud SDK 500.0.0 (test double)") }
            return
        }
        // `gcloud beta container clusters create` makes what `gcloud container clusters describe` finds.
        let group = p.positionals[..<vi].drop(while: { $0 == "alpha" || $0 == "beta" }).joined(separator: " ")
        let verb = p.positionals[vi]
        var rest = Array(p.positionals[(vi + 1)...])
        if group == "storage buckets" {
            // Buckets are named gs://NAME or NAME, and the name is global (no project in the identity).
            rest = rest.map { n in
                var n = n.hasPrefix("gs://") ? String(n.dropFirst(5)) : n
                while n.hasSuffix("/") { n.removeLast() }
                return n
            }
        }
        let dotted = "gcloud." + (group.isEmpty ? verb : group.replacingOccurrences(of: " ", with: ".") + "." + verb)

        switch group {
        case "config": return config(&c, p, verb: verb, rest: rest)
        case "config configurations", "components": c.outcome.callClass = .other; return
        default: break
        }
        if group == "auth" || group.hasPrefix("auth ") {
            return auth(&c, p, verb: verb, dotted: dotted)
        }

        // Scope flags as the real parser checks them.
        let zone = p.value("zone"), region = p.value("region"), location = p.value("location")
        let isGlobal = p.has("global")
        let scope = scopes[group] ?? .anyGiven
        let dnsRecords = group.hasPrefix("dns record-sets")
        if zone != nil, region != nil, !dnsRecords {
            c.outcome.callClass = classOf(verb)
            return c.outcome.fail(2, "ERROR: (\(dotted)) argument --region: At most one of --region | --zone may be specified.")
        }
        if zone != nil && isGlobal {
            c.outcome.callClass = classOf(verb)
            return c.outcome.fail(2, "ERROR: (\(dotted)) argument --global: At most one of --global | --zone may be specified.")
        }
        if region != nil && isGlobal {
            c.outcome.callClass = classOf(verb)
            return c.outcome.fail(2, "ERROR: (\(dotted)) argument --global: At most one of --global | --region may be specified.")
        }
        let noZone: Bool = { switch scope { case .none, .region, .regionOrGlobal, .location: return true; default: return false } }()
        let noRegion: Bool = { switch scope { case .none, .zone: return true; default: return false } }()
        if let zone, noZone, !dnsRecords, !(group == "sql instances" && verb != "describe") {
            c.outcome.callClass = classOf(verb)
            return c.outcome.fail(2, "ERROR: (\(dotted)) unrecognized arguments: --zone=\(zone)")
        }
        if let region, noRegion, !["sql instances", "storage buckets", "secrets", "iam service-accounts keys"].contains(group) {
            c.outcome.callClass = classOf(verb)
            return c.outcome.fail(2, "ERROR: (\(dotted)) unrecognized arguments: --region=\(region)")
        }

        // Project: --project, CLOUDSDK_CORE_PROJECT, the active configuration.
        let project: String
        if group == "projects" && !rest.isEmpty {
            project = rest[0]
        } else if let pr = p.value("project"), !pr.isEmpty {
            project = pr
        } else if let pr = c.inv.env("CLOUDSDK_CORE_PROJECT") ?? c.state.gcloudConfig["project"] ?? c.inv.env("INFRA_TUI_DOUBLE_GCLOUD_PROJECT") {
            project = pr
        } else if group == "iam service-accounts" && !["create", "list"].contains(verb) && (rest.first ?? "").contains("@") {
            // An account named by email is projects/-/serviceAccounts/EMAIL: no project needed.
            project = "-"
        } else {
            c.outcome.callClass = classOf(verb)
            return c.outcome.fail(1, "ERROR: (\(dotted)) The required property [project] is not currently set.\nIt can be set on a per-command basis by re-running your command with the [--project] flag.")
        }

        switch group {
        case "services": return services(&c, p, verb: verb, rest: rest, project: project, dotted: dotted)
        case "projects": return projects(&c, p, verb: verb, rest: rest, project: project, dotted: dotted)
        case "iam service-accounts": return serviceAccounts(&c, p, verb: verb, rest: rest, project: project, dotted: dotted)
        case "iam service-accounts keys": return saKeys(&c, p, verb: verb, rest: rest, project: project, dotted: dotted)
        default: break
        }

        // The scope words of the identity.
        var scopeWord: String?
        func defaultRegion() -> String? { c.inv.env("CLOUDSDK_COMPUTE_REGION") ?? c.state.gcloudConfig["compute/region"] }
        func defaultZone() -> String? { c.inv.env("CLOUDSDK_COMPUTE_ZONE") ?? c.state.gcloudConfig["compute/zone"] }
        switch scope {
        case .none:
            scopeWord = nil
        case .regionOrZone:
            if let zone { scopeWord = "zone=" + zone }
            else if let region { scopeWord = "region=" + region }
            else if let location { scopeWord = (looksLikeZone(location) ? "zone=" : "region=") + location }
            else if let z = defaultZone() { scopeWord = "zone=" + z }
            else if verb != "list" {
                c.outcome.callClass = classOf(verb)
                if group.hasPrefix("container") {
                    return c.outcome.fail(1, "ERROR: (\(dotted)) One of [--location, --region, --zone] must be supplied: Please specify location.")
                }
                return c.outcome.fail(1, "ERROR: (\(dotted)) Underspecified resource [\(rest.first ?? "")]. Specify one of the [--region, --zone] flags.")
            }
        case .region:
            if let r = region ?? defaultRegion() { scopeWord = "region=" + r }
            else if verb != "list" && group != "run services" {
                c.outcome.callClass = classOf(verb)
                return c.outcome.fail(1, "ERROR: (\(dotted)) Underspecified resource [\(rest.first ?? "")]. Specify the [--region] flag.")
            }
        case .zone:
            if let z = zone ?? defaultZone() { scopeWord = "zone=" + z }
            else if verb != "list" {
                c.outcome.callClass = classOf(verb)
                return c.outcome.fail(1, "ERROR: (\(dotted)) Underspecified resource [\(rest.first ?? "")]. Specify the [--zone] flag.")
            }
        case .regionOrGlobal:
            if isGlobal { scopeWord = "global" }
            else if let r = region ?? defaultRegion() { scopeWord = "region=" + r }
            else if verb != "list" {
                c.outcome.callClass = classOf(verb)
                return c.outcome.fail(1, "ERROR: (\(dotted)) Underspecified resource [\(rest.first ?? "")]. Specify one of the [--global, --region] flags.")
            }
        case .location:
            if let l = location ?? (group.hasPrefix("artifacts") ? c.state.gcloudConfig["artifacts/location"] : nil) { scopeWord = "location=" + l }
            else if verb != "list" {
                c.outcome.callClass = classOf(verb)
                return c.outcome.fail(1, "ERROR: (\(dotted)) Failed to find attribute [location]. The attribute can be set in the following ways: \n- provide the argument `--location` on the command line")
            }
        case .anyGiven:
            if isGlobal { scopeWord = "global" }
            else if let zone { scopeWord = "zone=" + zone }
            else if let region { scopeWord = "region=" + region }
            else if let location { scopeWord = "location=" + location }
        }
        if group == "compute networks" { scopeWord = "global" }
        if group == "compute firewall-rules" { scopeWord = "global" }

        // Parents that are part of the identity.
        var parents: [String] = []
        if group == "container node-pools" { parents.append("cluster=" + (p.value("cluster") ?? "")) }
        if group == "compute routers nats" { parents.append("router=" + (p.value("router") ?? "")) }
        // Children of an instance: a describe without `--instance` does not find them.
        if ["sql databases", "sql users", "spanner databases", "bigtable instances tables", "bigtable clusters", "bigtable app-profiles"].contains(group) {
            parents.append("instance=" + (p.value("instance", "i") ?? ""))
        }
        if group == "kms keys" { parents.append("keyring=" + (p.value("keyring") ?? "")) }
        if group == "pubsub subscriptions" && verb == "create" { /* topic is an attribute */ }
        if dnsRecords {
            parents.append("zone=" + (p.value("zone") ?? ""))
            parents.append("type=" + (p.value("type") ?? "").uppercased())
            scopeWord = nil
        }

        func key(_ name: String) -> String {
            if group == "storage buckets" { return "gcloud storage buckets \(name)" }
            var k = "gcloud \(group) \(name) project=\(project)"
            for w in parents { k += " " + w }
            if let scopeWord { k += " " + scopeWord }
            return k
        }
        let path: (String) -> String = { name in resourcePath(group: group, name: name, project: project, scope: scopeWord) }

        // Secrets' versions act on the secret.
        if group == "secrets versions" {
            return secretVersions(&c, p, verb: verb, rest: rest, project: project, dotted: dotted)
        }
        if group == "run" && verb == "deploy" {
            let name = rest.first ?? ""
            let r = region ?? defaultRegion() ?? ""
            let k = "gcloud run services \(name) project=\(project) region=\(r)"
            c.outcome.callClass = .apply
            c.outcome.resource = k
            c.state.resources[k] = DoubleResource(tool: "gcloud", kind: "run services", name: name, project: project,
                                                  scope: "region=" + r, attrs: ["url": "https://\(name)-\(stableHash(project) % 100000)-uc.a.run.app"])
            c.outcome.err("Service [\(name)] revision [\(name)-00001-abc] has been deployed and is serving 100 percent of traffic.")
            return
        }

        switch verb {
        case "create", "create-auto":
            c.outcome.callClass = .create
            guard let name = rest.first else {
                return c.outcome.fail(2, "ERROR: (\(dotted)) argument NAME: Must be specified.")
            }
            let k = key(name)
            c.outcome.resource = k
            if group == "container node-pools" {
                let cluster = p.value("cluster") ?? ""
                let ck = "gcloud container clusters \(cluster) project=\(project)" + (scopeWord.map { " " + $0 } ?? "")
                if c.state.resources[ck] == nil {
                    let where_ = path(cluster).replacingOccurrences(of: "/nodePools/", with: "/clusters/")
                    return c.outcome.fail(1, "ERROR: (\(dotted)) ResponseError: code=404, message=Not found: \(where_)." + didYouMean(c, group: "container clusters", name: cluster, project: project))
                }
            }
            if let existing = c.state.resources[k] {
                _ = existing
                return c.outcome.fail(1, alreadyExists(dotted: dotted, group: group, name: name, project: project, path: path(name)))
            }
            if let e = verifyFiles(c, p, dotted: dotted) { return c.outcome.fail(e.0, e.1) }
            var attrs: [String: String] = ["name": name]
            if let scopeWord { attrs["location"] = String(scopeWord.split(separator: "=").last ?? "") }
            if group == "compute addresses" {
                let isInternal = p.has("subnet") || (p.value("address-type") ?? "").uppercased() == "INTERNAL" || p.has("purpose")
                attrs["address"] = p.value("addresses") ?? plausibleIP(k, internal: isInternal)
            }
            if group.hasPrefix("container clusters") {
                attrs["endpoint"] = plausibleIP(k)
                attrs["status"] = "RUNNING"
            }
            if group == "compute instances" {
                attrs["networkIP"] = plausibleIP(k, internal: true)
                attrs["natIP"] = plausibleIP(k)
                attrs["status"] = "RUNNING"
            }
            if group == "dns managed-zones" { attrs["dnsName"] = p.value("dns-name") ?? name }
            if dnsRecords { attrs["rrdatas"] = p.value("rrdatas") ?? "" }
            if group == "secrets", let df = p.value("data-file") {
                attrs["data"] = df == "-" ? (c.inv.stdin ?? "") : (c.inv.readFile(df) ?? "")
            }
            c.state.resources[k] = DoubleResource(tool: "gcloud", kind: group, name: name, project: project,
                                                  scope: ([scopeWord].compactMap { $0 } + parents).joined(separator: " "), attrs: attrs)
            if group.hasPrefix("container") {
                if group == "container clusters" { setCredentials(&c, name: name, project: project, scope: scopeWord) }
                c.outcome.out("NAME  LOCATION  STATUS\n\(name)  \(attrs["location"] ?? "")  RUNNING")
            }
            c.outcome.err("Created [https://www.googleapis.com/\(path(name))].")
        case "describe":
            c.outcome.callClass = .probe
            guard let name = rest.first else {
                return c.outcome.fail(2, "ERROR: (\(dotted)) argument NAME: Must be specified.")
            }
            let k = key(name)
            c.outcome.resource = k
            guard let r = c.state.resources[k] else {
                return c.outcome.fail(1, notFound(dotted: dotted, group: group, path: path(name)) + didYouMean(c, group: group, name: name, project: project))
            }
            printFormatted(&c, p, r, project: project)
        case "delete":
            c.outcome.callClass = .delete
            var keys: [String] = []
            for name in rest {
                let k = key(name)
                keys.append(k)
                guard c.state.resources[k] != nil else {
                    c.outcome.resource = keys.joined(separator: "; ")
                    return c.outcome.fail(1, notFound(dotted: dotted, group: group, path: path(name)))
                }
                c.state.resources[k] = nil
                if group == "container clusters" {
                    for (pk, _) in c.state.resources(prefix: "gcloud container node-pools ") where pk.contains(" cluster=\(name) ") && pk.contains("project=\(project)") {
                        c.state.resources[pk] = nil
                    }
                }
                c.outcome.err("Deleted [https://www.googleapis.com/\(path(name))].")
            }
            c.outcome.resource = keys.isEmpty ? nil : keys.joined(separator: "; ")
        case "get-credentials":
            c.outcome.callClass = .probe
            let name = rest.first ?? ""
            let k = key(name)
            c.outcome.resource = k
            guard c.state.resources[k] != nil else {
                return c.outcome.fail(1, "ERROR: (\(dotted)) ResponseError: code=404, message=Not found: \(path(name))." + didYouMean(c, group: group, name: name, project: project))
            }
            setCredentials(&c, name: name, project: project, scope: scopeWord)
            c.outcome.err("Fetching cluster endpoint and auth data.\nkubeconfig entry generated for \(name).")
        case "list":
            c.outcome.callClass = .probe
            list(&c, p, prefix: "gcloud \(group) ", project: project)
        case "add-iam-policy-binding", "remove-iam-policy-binding", "set-iam-policy", "update", "resize",
             "patch", "enable", "disable", "add", "add-metadata", "remove-metadata", "add-tags", "upgrade", "deploy":
            c.outcome.callClass = .apply
            guard let name = rest.first else { return }
            let k = key(name)
            c.outcome.resource = k
            let appliesToExisting = !["deploy", "enable", "disable"].contains(verb) && scopes[group] != nil
            if appliesToExisting && c.state.resources[k] == nil {
                return c.outcome.fail(1, notFound(dotted: dotted, group: group, path: path(name)))
            }
            if verb.hasSuffix("iam-policy-binding"), let m = memberCheck(c, p, dotted: dotted) { return c.outcome.fail(1, m) }
            if verb.hasSuffix("iam-policy-binding") { c.outcome.out("bindings:\n- members:\n  - \(p.value("member") ?? "")\n  role: \(p.value("role") ?? "")\netag: BwYtest=\nversion: 1") }
            else { c.outcome.err("Updated [https://www.googleapis.com/\(path(name))].") }
        case "get-iam-policy":
            c.outcome.callClass = .probe
            if let name = rest.first { c.outcome.resource = key(name) }
            c.outcome.out("etag: BwYtest=\nversion: 1")
        default:
            c.outcome.callClass = classOf(verb)
        }
    }

    static func classOf(_ verb: String) -> CallClass {
        switch verb {
        case "create", "create-auto": return .create
        case "delete": return .delete
        case "describe", "list", "get-credentials", "get-value", "get-iam-policy": return .probe
        case "add-iam-policy-binding", "remove-iam-policy-binding", "set-iam-policy", "update", "resize", "patch",
             "enable", "disable", "add", "deploy", "upgrade", "add-metadata", "remove-metadata", "add-tags": return .apply
        case "access": return .read
        default: return .other
        }
    }

    static func looksLikeZone(_ loc: String) -> Bool {
        // us-central1-c: a region (two words) plus a one-letter zone suffix.
        let parts = loc.split(separator: "-")
        return parts.count >= 3 && parts.last!.count == 1
    }

    static func collection(_ group: String) -> String {
        let last = group.split(separator: " ").last.map(String.init) ?? group
        switch last {
        case "subnets": return "subnetworks"
        case "firewall-rules": return "firewalls"
        case "node-pools": return "nodePools"
        case "service-accounts": return "serviceAccounts"
        case "managed-zones": return "managedZones"
        case "record-sets": return "rrsets"
        default: return last
        }
    }

    static func resourcePath(group: String, name: String, project: String, scope: String?) -> String {
        if group == "storage buckets" { return "projects/_/buckets/\(name)" }
        let loc: String
        if let scope, let eq = scope.firstIndex(of: "=") {
            let kind = scope[..<eq], value = scope[scope.index(after: eq)...]
            if group.hasPrefix("container") { loc = (kind == "zone" ? "zones/" : "locations/") + value }
            else { loc = (kind == "zone" ? "zones/" : kind == "region" ? "regions/" : "locations/") + value }
        } else if scope == "global" || group.hasPrefix("compute") {
            loc = "global"
        } else {
            loc = ""
        }
        return "projects/\(project)/" + (loc.isEmpty ? "" : loc + "/") + "\(collection(group))/\(name)"
    }

    static func notFound(dotted: String, group: String, path: String) -> String {
        if group.hasPrefix("compute") {
            return "ERROR: (\(dotted)) Could not fetch resource:\n - The resource '\(path)' was not found"
        }
        if group.hasPrefix("container") {
            return "ERROR: (\(dotted)) ResponseError: code=404, message=Not found: \(path)."
        }
        if group == "storage buckets" {
            return "ERROR: (\(dotted)) gs://\(path.split(separator: "/").last ?? "") not found: 404."
        }
        return "ERROR: (\(dotted)) NOT_FOUND: Resource '\(path)' was not found"
    }

    static func alreadyExists(dotted: String, group: String, name: String, project: String, path: String) -> String {
        if group.hasPrefix("compute") {
            return "ERROR: (\(dotted)) Could not fetch resource:\n - The resource '\(path)' already exists"
        }
        if group.hasPrefix("container") {
            return "ERROR: (\(dotted)) ResponseError: code=409, message=Already exists: \(path)."
        }
        if group == "storage buckets" {
            return "ERROR: (\(dotted)) HTTPError 409: Your previous request to create the named bucket succeeded and you already own it."
        }
        return "ERROR: (\(dotted)) ALREADY_EXISTS: Resource '\(path)' already exists"
    }

    /// The real gcloud's hint when the name exists at another location.
    static func didYouMean(_ c: ToolContext, group: String, name: String, project: String) -> String {
        for (_, r) in c.state.resources(prefix: "gcloud \(group) \(name) project=\(project)") {
            if let s = r.scope?.split(separator: " ").first, let v = s.split(separator: "=").last, s.contains("=") {
                return " Could not find [\(name)] in the requested location. Did you mean [\(name)] in [\(v)]?"
            }
        }
        return ""
    }

    static func setCredentials(_ c: inout ToolContext, name: String, project: String, scope: String?) {
        let loc = scope.map { String($0.split(separator: "=").last ?? "") } ?? ""
        c.state.setContext("gke_\(project)_\(loc)_\(name)")
    }

    /// Files the call reads must exist (`--data-file`, `--key-file`, `--metadata-from-file`, ...).
    static func verifyFiles(_ c: ToolContext, _ p: ParsedArgs, dotted: String) -> (Int32, String)? {
        for flag in ["data-file", "key-file", "metadata-from-file", "source", "config", "flags-file"] {
            for v in p.values(flag) where v != "-" {
                let path = flag == "metadata-from-file" ? String(v.split(separator: "=", maxSplits: 1).last ?? "") : v
                if flag == "source" && (path.hasPrefix("gs://") || path == ".") { continue }
                if !c.inv.fileExists(path) {
                    return (1, "ERROR: (\(dotted)) Unable to read file [\(path)]: [Errno 2] No such file or directory: '\(path)'")
                }
            }
        }
        return nil
    }

    /// A binding for a service account of a *.iam.gserviceaccount.com address needs the account.
    static func memberCheck(_ c: ToolContext, _ p: ParsedArgs, dotted: String) -> String? {
        for m in p.values("member") where m.hasPrefix("serviceAccount:") && m.hasSuffix(".iam.gserviceaccount.com") {
            let email = String(m.dropFirst("serviceAccount:".count))
            if c.state.resources["gcloud iam service-accounts \(email)"] == nil {
                return "ERROR: (\(dotted)) INVALID_ARGUMENT: Service account \(email) does not exist."
            }
        }
        return nil
    }

    // MARK: groups with their own identity

    static func config(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String]) {
        let prop = rest.first.map { $0.hasPrefix("core/") ? String($0.dropFirst(5)) : $0 } ?? ""
        switch verb {
        case "get-value":
            c.outcome.callClass = .probe
            var v: String?
            switch prop {
            case "project": v = c.inv.env("CLOUDSDK_CORE_PROJECT") ?? c.state.gcloudConfig["project"] ?? c.inv.env("INFRA_TUI_DOUBLE_GCLOUD_PROJECT")
            case "compute/region": v = c.inv.env("CLOUDSDK_COMPUTE_REGION") ?? c.state.gcloudConfig[prop]
            case "compute/zone": v = c.inv.env("CLOUDSDK_COMPUTE_ZONE") ?? c.state.gcloudConfig[prop]
            case "account": v = c.state.gcloudConfig["account"] ?? "rehearsal@example.org"
            default: v = c.state.gcloudConfig[prop]
            }
            if let v { c.outcome.out(v) } else { c.outcome.err("(unset)") }
        case "set":
            c.outcome.callClass = .other
            guard rest.count >= 2 else { return c.outcome.fail(2, "ERROR: (gcloud.config.set) argument VALUE: Must be specified.") }
            c.state.gcloudConfig[prop] = rest[1]
            c.outcome.err("Updated property [\(rest[0].contains("/") ? rest[0] : "core/" + rest[0])].")
        case "unset":
            c.outcome.callClass = .other
            c.state.gcloudConfig[prop] = nil
            c.outcome.err("Unset property [\(rest.first ?? "")].")
        case "list":
            c.outcome.callClass = .read
            c.outcome.out("[core]\nproject = \(c.state.gcloudConfig["project"] ?? c.inv.env("INFRA_TUI_DOUBLE_GCLOUD_PROJECT") ?? "")")
        default:
            c.outcome.callClass = .other
        }
    }

    static func auth(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, dotted: String) {
        c.outcome.callClass = .other
        switch verb {
        case "print-access-token": c.outcome.out("ya29.rehearsal-access-token")
        case "print-identity-token": c.outcome.out("eyJhbGciOiJSUzI1NiJ9.rehearsal.identity")
        case "activate-service-account":
            if let f = p.value("key-file"), !c.inv.fileExists(f) {
                return c.outcome.fail(1, "ERROR: (\(dotted)) Unable to read file [\(f)]: [Errno 2] No such file or directory: '\(f)'")
            }
        case "list": c.outcome.callClass = .read; c.outcome.out("ACTIVE  ACCOUNT\n*       rehearsal@example.org")
        default: break
        }
    }

    static func services(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], project: String, dotted: String) {
        switch verb {
        case "enable", "disable":
            c.outcome.callClass = .apply
            guard !rest.isEmpty else { return c.outcome.fail(2, "ERROR: (\(dotted)) argument SERVICE: Must be specified.") }
            c.outcome.resource = rest.map { "gcloud services \($0) project=\(project)" }.joined(separator: "; ")
            for s in rest {
                let k = "gcloud services \(s) project=\(project)"
                if verb == "enable" {
                    c.state.resources[k] = DoubleResource(tool: "gcloud", kind: "services", name: s, project: project, attrs: ["name": s, "config.name": s])
                } else {
                    c.state.resources[k] = nil
                }
            }
            c.outcome.err("Operation \"operations/acat.p2-0000-rehearsal\" finished successfully.")
        case "list":
            c.outcome.callClass = .probe
            list(&c, p, prefix: "gcloud services ", project: project)
        default:
            c.outcome.callClass = classOf(verb)
        }
    }

    static func projects(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], project: String, dotted: String) {
        let k = "gcloud projects \(project)"
        c.outcome.resource = rest.isEmpty ? nil : k
        let number = String(100000000000 + Int(stableHash(project) % 899999999))
        switch verb {
        case "create":
            c.outcome.callClass = .create
            if c.state.resources[k] != nil {
                return c.outcome.fail(1, "ERROR: (\(dotted)) Project creation failed. The project ID you specified is already in use by another project. Please try an alternative ID.")
            }
            c.state.resources[k] = DoubleResource(tool: "gcloud", kind: "projects", name: project, project: project, attrs: ["projectId": project, "projectNumber": number])
        case "describe":
            // Projects exist before the scaffolding runs: a describe always finds one.
            c.outcome.callClass = .probe
            let r = c.state.resources[k] ?? DoubleResource(tool: "gcloud", kind: "projects", name: project, project: project,
                                                          attrs: ["projectId": project, "projectNumber": number, "name": project, "lifecycleState": "ACTIVE"])
            printFormatted(&c, p, r, project: project)
        case "add-iam-policy-binding", "remove-iam-policy-binding", "set-iam-policy":
            c.outcome.callClass = .apply
            if verb == "add-iam-policy-binding", let m = memberCheck(c, p, dotted: dotted) { return c.outcome.fail(1, m) }
            c.outcome.out("bindings:\n- members:\n  - \(p.value("member") ?? "")\n  role: \(p.value("role") ?? "")\netag: BwYtest=\nversion: 1")
        case "get-iam-policy":
            c.outcome.callClass = .probe
            c.outcome.out("etag: BwYtest=\nversion: 1")
        case "list":
            c.outcome.callClass = .probe
            c.outcome.resource = nil
            c.outcome.out(project)
        case "delete":
            c.outcome.callClass = .delete
            c.state.resources[k] = nil
        default:
            c.outcome.callClass = classOf(verb)
        }
    }

    static func serviceAccounts(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], project: String, dotted: String) {
        let arg = rest.first ?? ""
        switch verb {
        case "create":
            c.outcome.callClass = .create
            // Created by short name: 6-30 characters, lowercase letters, digits and hyphens.
            let valid = arg.count >= 6 && arg.count <= 30 && arg.first!.isLowercase && arg.first!.isLetter
                && arg.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" } && arg.last != "-"
            guard valid else {
                c.outcome.resource = "gcloud iam service-accounts \(arg)"
                return c.outcome.fail(2, "ERROR: (\(dotted)) argument NAME: Bad value [\(arg)]: Service account name must be between 6 and 30 characters (inclusive), must begin with a lowercase letter, and consist of lowercase alphanumeric characters that can be separated by hyphens.")
            }
            let email = "\(arg)@\(project).iam.gserviceaccount.com"
            let k = "gcloud iam service-accounts \(email)"
            c.outcome.resource = k
            if c.state.resources[k] != nil {
                return c.outcome.fail(1, "ERROR: (\(dotted)) Resource in projects [\(project)] is the subject of a conflict: Service account \(arg) already exists within project projects/\(project).")
            }
            c.state.resources[k] = DoubleResource(tool: "gcloud", kind: "iam service-accounts", name: email, project: project,
                                                  attrs: ["email": email, "name": "projects/\(project)/serviceAccounts/\(email)",
                                                          "uniqueId": String(100000000000000000 + Int(stableHash(email))),
                                                          "displayName": p.value("display-name") ?? "", "projectId": project])
            c.outcome.err("Created service account [\(arg)].")
        case "describe", "add-iam-policy-binding", "remove-iam-policy-binding", "get-iam-policy", "set-iam-policy", "update", "delete", "enable", "disable":
            c.outcome.callClass = classOf(verb)
            let k = "gcloud iam service-accounts \(arg)"
            c.outcome.resource = k
            // Described by email (or unique id): a short name is not found.
            guard let r = c.state.resources[k] ?? c.state.resources.values.first(where: { $0.kind == "iam service-accounts" && $0.attrs?["uniqueId"] == arg }) else {
                if !arg.contains("@") || arg.hasSuffix(".iam.gserviceaccount.com") {
                    return c.outcome.fail(1, "ERROR: (\(dotted)) NOT_FOUND: Unknown service account")
                }
                // Google-managed accounts (…@developer.gserviceaccount.com, …) exist already.
                if verb == "describe" { c.outcome.out("email: \(arg)") }
                return
            }
            if verb == "delete" {
                c.state.resources[k] = nil
                c.outcome.err("deleted service account [\(arg)]")
            } else if verb == "describe" {
                printFormatted(&c, p, r, project: project)
            } else if verb.hasSuffix("iam-policy-binding") {
                if let m = memberCheck(c, p, dotted: dotted) { return c.outcome.fail(1, m) }
                c.outcome.out("bindings:\n- members:\n  - \(p.value("member") ?? "")\n  role: \(p.value("role") ?? "")\netag: BwYtest=\nversion: 1")
            }
        case "list":
            c.outcome.callClass = .probe
            list(&c, p, prefix: "gcloud iam service-accounts ", project: project, nameAttr: "email")
        default:
            c.outcome.callClass = classOf(verb)
        }
    }

    static func saKeys(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], project: String, dotted: String) {
        let email = p.value("iam-account") ?? ""
        let k = "gcloud iam service-accounts keys \(email)"
        c.outcome.resource = k
        switch verb {
        case "create":
            // Every create makes a new key: never "already exists", but a create on each run.
            c.outcome.callClass = .create
            if c.state.resources["gcloud iam service-accounts \(email)"] == nil && email.hasSuffix(".iam.gserviceaccount.com") {
                return c.outcome.fail(1, "ERROR: (\(dotted)) NOT_FOUND: Unknown service account")
            }
            guard let file = rest.first else { return c.outcome.fail(2, "ERROR: (\(dotted)) argument OUTPUT-FILE: Must be specified.") }
            if c.effects {
                let body = "{\n  \"type\": \"service_account\",\n  \"project_id\": \"\(project)\",\n  \"private_key_id\": \"rehearsal\",\n  \"client_email\": \"\(email)\"\n}\n"
                if FileManager.default.createFile(atPath: c.inv.resolve(file), contents: Data(body.utf8)) == false {
                    return c.outcome.fail(1, "ERROR: (\(dotted)) Unable to write file [\(file)]: [Errno 2] No such file or directory: '\(file)'")
                }
            }
            c.state.resources[k] = DoubleResource(tool: "gcloud", kind: "iam service-accounts keys", name: email, project: project)
            c.outcome.err("created key [rehearsal] of type [json] as [\(file)] for [\(email)]")
        case "list":
            c.outcome.callClass = .probe
            if c.state.resources[k] != nil { c.outcome.out("KEY_ID      CREATED_AT            EXPIRES_AT\nrehearsal   2026-01-01T00:00:00Z  9999-12-31T23:59:59Z") }
        case "delete":
            c.outcome.callClass = .delete
        default:
            c.outcome.callClass = classOf(verb)
        }
    }

    static func secretVersions(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], project: String, dotted: String) {
        let secret = verb == "add" ? (rest.first ?? "") : (p.value("secret") ?? "")
        let k = "gcloud secrets \(secret) project=\(project)"
        c.outcome.resource = k
        c.outcome.callClass = verb == "add" ? .apply : verb == "access" ? .read : classOf(verb)
        guard c.state.resources[k] != nil else {
            return c.outcome.fail(1, "ERROR: (\(dotted)) NOT_FOUND: Secret [projects/\(project)/secrets/\(secret)] not found or has no versions.")
        }
        switch verb {
        case "add":
            if let e = verifyFiles(c, p, dotted: dotted) { return c.outcome.fail(e.0, e.1) }
            if let df = p.value("data-file") {
                c.state.resources[k]?.attrs?["data"] = df == "-" ? (c.inv.stdin ?? "") : (c.inv.readFile(df) ?? "")
            }
            c.outcome.err("Created version [2] of the secret [\(secret)].")
        case "access":
            c.outcome.stdout += c.state.resources[k]?.attrs?["data"] ?? ""
        default: break
        }
    }

    // MARK: output

    static func list(_ c: inout ToolContext, _ p: ParsedArgs, prefix: String, project: String, nameAttr: String = "name") {
        let filter = p.value("filter") ?? ""
        var wanted: String?
        if let r = filter.range(of: #"(name|email|config\.name|displayName)\s*[=:~]\s*['"]?([A-Za-z0-9._@/-]+)"#, options: .regularExpression) {
            let m = String(filter[r])
            if let sep = m.firstIndex(where: { $0 == "=" || $0 == ":" || $0 == "~" }) {
                wanted = m[m.index(after: sep)...].trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
            }
        }
        var rows: [DoubleResource] = []
        for (_, r) in c.state.resources(prefix: prefix) where r.project == project || r.project == nil {
            let n = r.attrs?[nameAttr] ?? r.name
            if let wanted, !(n == wanted || n.hasSuffix("/" + wanted) || n.contains(wanted)) { continue }
            rows.append(r)
        }
        let fmt = p.value("format") ?? ""
        if fmt.hasPrefix("value") || fmt.hasPrefix("csv") || fmt.hasPrefix("get") {
            for r in rows { c.outcome.out(fields(fmt).map { attr(r, $0, project: project) }.joined(separator: "\t")) }
        } else if fmt.hasPrefix("json") {
            c.outcome.stdout += JSONValue.array(rows.map(asJSON)).json()
        } else if !rows.isEmpty {
            c.outcome.out(nameAttr.uppercased())
            for r in rows { c.outcome.out(r.attrs?[nameAttr] ?? r.name) }
        } else {
            c.outcome.err("Listed 0 items.")
        }
    }

    static func fields(_ format: String) -> [String] {
        guard let open = format.firstIndex(of: "("), let close = format.lastIndex(of: ")"), open < close else { return ["name"] }
        return format[format.index(after: open)..<close].split(separator: ",").map {
            $0.split(separator: ":").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        }
    }

    static func attr(_ r: DoubleResource, _ field: String, project: String) -> String {
        let f = field.replacingOccurrences(of: #"\[[0-9]*\]"#, with: "", options: .regularExpression)
        if let v = r.attrs?[f] { return v }
        let last = f.split(separator: ".").last.map(String.init) ?? f
        if let v = r.attrs?[last] { return v }
        switch last {
        case "name": return r.name
        case "address", "endpoint", "natIP", "ipAddress": return plausibleIP(r.name + r.kind)
        case "networkIP", "privateEndpoint": return plausibleIP(r.name + r.kind, internal: true)
        case "projectId": return project
        case "projectNumber": return String(100000000000 + Int(stableHash(project) % 899999999))
        case "selfLink": return "https://www.googleapis.com/" + resourcePath(group: r.kind, name: r.name, project: project, scope: r.scope?.split(separator: " ").first.map(String.init))
        case "status", "state": return r.kind.hasPrefix("container") ? "RUNNING" : "READY"
        case "clusterCaCertificate": return "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCnJlaGVhcnNhbAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg=="
        case "currentMasterVersion", "currentNodeVersion": return "1.30.5-gke.1014001"
        case "location", "region", "zone": return r.attrs?["location"] ?? ""
        case "email": return r.name
        case "nameServers": return "ns-cloud-a1.googledomains.com.;ns-cloud-a2.googledomains.com."
        case "url", "uri": return r.attrs?["url"] ?? "https://\(r.name).example.org"
        default: return ""
        }
    }

    static func asJSON(_ r: DoubleResource) -> JSONValue {
        var o: [String: JSONValue] = ["name": .string(r.name)]
        for (k, v) in r.attrs ?? [:] where !k.contains(".") && k != "data" { o[k] = .string(v) }
        return .object(o)
    }

    static func printFormatted(_ c: inout ToolContext, _ p: ParsedArgs, _ r: DoubleResource, project: String) {
        let fmt = p.value("format") ?? ""
        if fmt.hasPrefix("value") || fmt.hasPrefix("get") || fmt.hasPrefix("csv[no-heading]") {
            c.outcome.out(fields(fmt).map { attr(r, $0, project: project) }.joined(separator: "\t"))
        } else if fmt.hasPrefix("json") {
            c.outcome.stdout += asJSON(r).json()
        } else if fmt == "none" {
            return
        } else {
            c.outcome.stdout += asJSON(r).yaml()
        }
    }
}
