import Foundation

/// kubectl: identity is kind + namespace + name. Objects come from `create`, `apply -f FILE|DIR|-`
/// and `apply -k DIR`; the default namespace is `default` unless `-n`.
enum Kubectl {
    static let bools: Set<String> = [
        "server-side", "ignore-not-found", "overwrite", "all", "all-namespaces", "A", "force", "force-conflicts",
        "record", "show-labels", "insecure-skip-tls-verify", "now", "save-config", "watch", "w", "append-hash",
        "recursive", "R", "wait", "stdin", "i", "tty", "t", "quiet", "q", "prune", "minify", "flatten", "dry-run",
        "no-headers", "current", "local", "ignore-daemonsets", "delete-emptydir-data", "raw", "client", "short",
        "allow-missing-template-keys", "only-print-names", "show-managed-fields", "keep-annotations", "list",
    ]
    static let shortValue: Set<Character> = ["n", "f", "k", "o", "l", "c", "p", "s", "L"]

    static func key(_ kind: String, _ ns: String, _ name: String) -> String {
        Kinds.clusterScoped.contains(kind) ? "kubectl \(kind) \(name)" : "kubectl \(kind) \(ns)/\(name)"
    }

    static func run(_ c: inout ToolContext) {
        let p = ParsedArgs(c.inv.args, isBool: { bools.contains($0) }, shortValue: shortValue)
        let nsFlag = p.value("n", "namespace")
        let ns = nsFlag ?? "default"
        if let kc = p.value("kubeconfig"), !kc.isEmpty, !c.inv.fileExists(kc) {
            c.outcome.callClass = .other
            return c.outcome.fail(1, "error: stat \(kc): no such file or directory")
        }
        guard let verb = p.positionals.first else {
            c.outcome.callClass = .other
            c.outcome.out("kubectl controls the Kubernetes cluster manager. (test double)")
            return
        }
        let rest = Array(p.positionals.dropFirst())
        let dry = p.has("dry-run") ? (p.value("dry-run").flatMap { $0.isEmpty ? "client" : $0 } ?? "client") : "none"

        switch verb {
        case "config": return config(&c, p, rest: rest)
        case "version":
            c.outcome.callClass = .read
            c.outcome.out("Client Version: v1.31.0\nKustomize Version: v5.4.2" + (p.has("client") ? "" : "\nServer Version: v1.31.0"))
        case "cluster-info", "api-resources", "api-versions", "top", "logs", "events", "explain", "auth":
            c.outcome.callClass = .read
            if verb == "auth" { c.outcome.out("yes") }
        case "kustomize":
            c.outcome.callClass = .read
            do {
                let objs = try Manifests.kustomize(rest.first ?? ".", inv: c.inv)
                c.outcome.stdout += objs.map { $0.yaml() }.joined(separator: "---\n")
            } catch let e as Manifests.Failure { c.outcome.fail(1, e.message) } catch {}
        case "create": create(&c, p, rest: rest, ns: ns, nsFlag: nsFlag, dry: dry)
        case "apply", "replace": apply(&c, p, verb: verb, rest: rest, ns: ns, nsFlag: nsFlag, dry: dry)
        case "delete": delete(&c, p, rest: rest, ns: ns, nsFlag: nsFlag)
        case "get", "describe": get(&c, p, verb: verb, rest: rest, ns: ns)
        case "wait":
            c.outcome.callClass = .read
            for t in rest { c.outcome.out("\(t) condition met") }
        case "rollout":
            let sub = rest.first ?? ""
            let target = rest.dropFirst().joined(separator: " ")
            switch sub {
            case "status":
                c.outcome.callClass = .read
                c.outcome.out("\(target.replacingOccurrences(of: "/", with: " \"")) \" successfully rolled out".replacingOccurrences(of: " \" ", with: "\" "))
            case "restart", "undo", "pause", "resume":
                c.outcome.callClass = .apply
                c.outcome.resource = targets(rest.dropFirst(), ns: ns).first.map { key($0.0, ns, $0.1) }
                c.outcome.out("\(target) restarted")
            default:
                c.outcome.callClass = .read
            }
        case "label", "annotate", "patch", "scale", "set", "autoscale", "taint", "cordon", "uncordon", "drain":
            mutate(&c, p, verb: verb, rest: rest, ns: ns)
        case "expose", "run":
            let name = verb == "run" ? (rest.first ?? "") : (p.value("name") ?? targets(rest[...], ns: ns).first?.1 ?? "")
            let kind = verb == "run" ? "pod" : "service"
            let k = key(kind, ns, name)
            c.outcome.resource = k
            if dry != "none" { c.outcome.callClass = .read; return }
            c.outcome.callClass = .create
            if c.state.resources[k] != nil {
                return c.outcome.fail(1, "Error from server (AlreadyExists): \(Kinds.plural(kind)) \"\(name)\" already exists")
            }
            store(&c, kind: kind, ns: ns, name: name, object: .object(["apiVersion": "v1", "kind": .string(Kinds.displayNames[kind] ?? kind),
                                                                       "metadata": .object(["name": .string(name), "namespace": .string(ns)])]))
            c.outcome.out("\(kind)/\(name) created")
        case "exec", "cp", "port-forward", "proxy", "attach", "debug":
            c.outcome.callClass = .other
        default:
            c.outcome.callClass = .other
        }
    }

    // MARK: config

    static func config(_ c: inout ToolContext, _ p: ParsedArgs, rest: [String]) {
        let sub = rest.first ?? ""
        let current = c.inv.env("INFRA_TUI_DOUBLE_KUBE_CONTEXT") ?? c.state.context
        switch sub {
        case "current-context":
            c.outcome.callClass = .probe
            guard let current else { return c.outcome.fail(1, "error: current-context is not set") }
            c.outcome.out(current)
        case "use-context":
            c.outcome.callClass = .other
            guard rest.count > 1 else { return c.outcome.fail(1, "error: Unexpected args: []") }
            let known = c.state.contexts + [c.inv.env("INFRA_TUI_DOUBLE_KUBE_CONTEXT")].compactMap { $0 }
            guard known.contains(rest[1]) else { return c.outcome.fail(1, "error: no context exists with the name: \"\(rest[1])\"") }
            c.state.setContext(rest[1])
            c.outcome.out("Switched to context \"\(rest[1])\".")
        case "get-contexts":
            c.outcome.callClass = .probe
            var all = c.state.contexts
            if let e = c.inv.env("INFRA_TUI_DOUBLE_KUBE_CONTEXT"), !all.contains(e) { all.append(e) }
            if p.value("o", "output") == "name" {
                for x in all { c.outcome.out(x) }
            } else {
                c.outcome.out("CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE")
                for x in all { c.outcome.out("\(x == current ? "*" : " ")         \(x)   \(x)   \(x)") }
            }
        case "view":
            c.outcome.callClass = .read
            c.outcome.out("apiVersion: v1\nkind: Config\ncurrent-context: \(current ?? "")\ncontexts:\n" + c.state.contexts.map { "- name: \($0)\n  context:\n    cluster: \($0)\n    user: \($0)" }.joined(separator: "\n"))
        default:
            c.outcome.callClass = .other
        }
    }

    // MARK: create

    static func fileData(_ c: ToolContext, _ p: ParsedArgs, secret: Bool) throws -> [String: String] {
        var data: [String: String] = [:]
        for lit in p.values("from-literal") {
            guard let eq = lit.firstIndex(of: "=") else {
                throw Manifests.Failure(message: "error: invalid literal source \(lit), expected key=value")
            }
            data[String(lit[..<eq])] = String(lit[lit.index(after: eq)...])
        }
        for spec in p.values("from-file") {
            let (keyName, path): (String?, String) = spec.contains("=")
                ? (String(spec[..<spec.firstIndex(of: "=")!]), String(spec[spec.index(after: spec.firstIndex(of: "=")!)...])) : (nil, spec)
            if c.inv.isDirectory(path) {
                let abs = c.inv.resolve(path)
                for f in (try? FileManager.default.contentsOfDirectory(atPath: abs))?.sorted() ?? [] {
                    if let d = FileManager.default.contents(atPath: abs + "/" + f) { data[f] = String(decoding: d, as: UTF8.self) }
                }
                continue
            }
            guard let content = c.inv.readFile(path) else {
                throw Manifests.Failure(message: "error: error reading \(path): no such file or directory")
            }
            data[keyName ?? String(path.split(separator: "/").last ?? "")] = content
        }
        for path in p.values("from-env-file") {
            guard let content = c.inv.readFile(path) else {
                throw Manifests.Failure(message: "error: open \(path): no such file or directory")
            }
            for (k, v) in Manifests.envFile(content) { data[k] = v }
        }
        return data
    }

    /// The object `kubectl create KIND ...` makes.
    static func buildObject(_ c: ToolContext, _ p: ParsedArgs, kind: String, sub: String?, name: String, nsFlag: String?) throws -> JSONValue {
        var obj: JSONValue = .object([
            "apiVersion": .string(Kinds.apiVersion(kind)),
            "kind": .string(Kinds.displayNames[kind] ?? kind.capitalized),
            "metadata": .object(["name": .string(name), "creationTimestamp": .null]),
        ])
        if let nsFlag, !Kinds.clusterScoped.contains(kind) { obj.set(["metadata", "namespace"], .string(nsFlag)) }
        func b64(_ s: String) -> JSONValue { .string(Data(s.utf8).base64EncodedString()) }
        switch kind {
        case "namespace":
            obj.set(["spec"], .object([:]))
            obj.set(["status"], .object([:]))
        case "secret":
            var data: [String: JSONValue] = [:]
            switch sub {
            case "tls":
                guard let cert = p.value("cert"), let keyPath = p.value("key") else {
                    throw Manifests.Failure(message: "error: required flag(s) \"cert\", \"key\" not set")
                }
                guard let cd = c.inv.readFile(cert) else { throw Manifests.Failure(message: "error: open \(cert): no such file or directory") }
                guard let kd = c.inv.readFile(keyPath) else { throw Manifests.Failure(message: "error: open \(keyPath): no such file or directory") }
                data["tls.crt"] = b64(cd)
                data["tls.key"] = b64(kd)
                obj.set(["type"], .string("kubernetes.io/tls"))
            case "docker-registry":
                let fromFile = try fileData(c, p, secret: true)
                if let cfg = fromFile[".dockerconfigjson"] {
                    data[".dockerconfigjson"] = b64(cfg)
                } else {
                    let server = p.value("docker-server") ?? "https://index.docker.io/v1/"
                    let user = p.value("docker-username") ?? "", pass = p.value("docker-password") ?? ""
                    let auth = Data("\(user):\(pass)".utf8).base64EncodedString()
                    data[".dockerconfigjson"] = b64("{\"auths\":{\"\(server)\":{\"username\":\"\(user)\",\"password\":\"\(pass)\",\"auth\":\"\(auth)\"}}}")
                }
                obj.set(["type"], .string("kubernetes.io/dockerconfigjson"))
            default:
                for (k, v) in try fileData(c, p, secret: true) { data[k] = b64(v) }
                if let t = p.value("type") { obj.set(["type"], .string(t)) }
            }
            if !data.isEmpty { obj.set(["data"], .object(data)) }
        case "configmap":
            let data = try fileData(c, p, secret: false)
            if !data.isEmpty { obj.set(["data"], .object(data.mapValues { .string($0) })) }
        case "deployment":
            let images = p.values("image")
            guard !images.isEmpty else { throw Manifests.Failure(message: "error: required flag(s) \"image\" not set") }
            obj.set(["spec", "replicas"], .string(p.value("replicas") ?? "1"))
            obj.set(["spec", "selector", "matchLabels", "app"], .string(name))
            obj.set(["spec", "template", "metadata", "labels", "app"], .string(name))
            obj.set(["spec", "template", "spec", "containers"], .array(images.map { img in
                var ctr: JSONValue = .object(["image": .string(img), "name": .string(String(img.split(separator: "/").last?.split(separator: ":").first ?? "app"))])
                if let port = p.value("port") { ctr.set(["ports"], .array([.object(["containerPort": .string(port)])])) }
                return ctr
            }))
        case "resourcequota":
            var hard: [String: JSONValue] = [:]
            for item in (p.value("hard") ?? "").split(separator: ",") {
                let kv = item.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { hard[String(kv[0])] = .string(String(kv[1])) }
            }
            obj.set(["spec", "hard"], .object(hard))
        case "service":
            obj.set(["spec", "type"], .string(["clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer", "externalname": "ExternalName"][sub ?? ""] ?? "ClusterIP"))
            obj.set(["spec", "selector", "app"], .string(name))
        default:
            break
        }
        return obj
    }

    static func create(_ c: inout ToolContext, _ p: ParsedArgs, rest: [String], ns: String, nsFlag: String?, dry: String) {
        let files = p.values("f", "filename")
        if !files.isEmpty || p.value("k", "kustomize") != nil {
            c.outcome.callClass = dry == "none" ? .create : .read
            return applyObjects(&c, p, ns: ns, nsFlag: nsFlag, mode: dry == "none" ? .create : .dryRun)
        }
        guard let first = rest.first else {
            c.outcome.callClass = .other
            return c.outcome.fail(1, "error: must specify one of -f and -k")
        }
        let kind = Kinds.canonical(first)
        if kind == "token" {
            c.outcome.callClass = .read
            let sa = rest.count > 1 ? rest[1] : ""
            c.outcome.resource = key("serviceaccount", ns, sa)
            guard c.state.resources[key("serviceaccount", ns, sa)] != nil || sa == "default" else {
                return c.outcome.fail(1, "error: failed to create token: serviceaccounts \"\(sa)\" not found")
            }
            c.outcome.out("eyJhbGciOiJSUzI1NiIsImtpZCI6InJlaGVhcnNhbCJ9.\(Data("\(ns)/\(sa)".utf8).base64EncodedString()).rehearsal")
            return
        }
        let hasSub = (kind == "secret" || kind == "service") && rest.count > 2
        let sub = hasSub ? rest[1] : nil
        let name = hasSub ? rest[2] : (rest.count > 1 ? rest[1] : "")
        c.outcome.callClass = dry == "none" ? .create : .read
        guard !name.isEmpty else { return c.outcome.fail(1, "error: exactly one NAME is required, got 0") }
        if kind == "secret", let sub, !["generic", "tls", "docker-registry"].contains(sub) {
            return c.outcome.fail(1, "error: unknown command \"\(sub)\" for \"kubectl create secret\"")
        }
        let k = key(kind, ns, name)
        c.outcome.resource = k
        let obj: JSONValue
        do {
            obj = try buildObject(c, p, kind: kind, sub: sub, name: name, nsFlag: nsFlag)
        } catch let e as Manifests.Failure {
            return c.outcome.fail(1, e.message)
        } catch { return }
        let shown = shortName(kind, obj)
        if dry != "none" {
            if dry == "server" && c.state.resources[k] != nil {
                return c.outcome.fail(1, "Error from server (AlreadyExists): \(Kinds.plural(kind)) \"\(name)\" already exists")
            }
            printObject(&c, p, obj, shown: shown, suffix: dry == "server" ? " (server dry run)" : " (dry run)")
            return
        }
        if c.state.resources[k] != nil {
            let prefix = kind == "secret" ? "error: failed to create secret " : kind == "configmap" ? "error: failed to create configmap " : "Error from server (AlreadyExists): "
            return c.outcome.fail(1, prefix + "\(Kinds.plural(kind)) \"\(name)\" already exists")
        }
        if namespaceMissing(c, kind: kind, ns: ns) {
            return c.outcome.fail(1, "error: failed to create \(kind)\(kind == "secret" ? "" : ":") namespaces \"\(ns)\" not found")
        }
        store(&c, kind: kind, ns: ns, name: name, object: obj)
        printObject(&c, p, obj, shown: shown, suffix: "")
    }

    static func shortName(_ kind: String, _ obj: JSONValue) -> String {
        let apiVersion = obj["apiVersion"]?.string ?? Kinds.apiVersion(kind)
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/").first!) : ""
        return group.isEmpty ? kind : "\(kind).\(group)"
    }

    static func printObject(_ c: inout ToolContext, _ p: ParsedArgs, _ obj: JSONValue, shown: String, suffix: String, verb: String = "created") {
        switch p.value("o", "output") ?? "" {
        case "yaml": c.outcome.stdout += obj.yaml()
        case "json": c.outcome.stdout += obj.json()
        case "name": c.outcome.out("\(shown)/\(obj["metadata"]?["name"]?.string ?? "")")
        default: c.outcome.out("\(shown)/\(obj["metadata"]?["name"]?.string ?? "") \(verb)\(suffix)")
        }
    }

    /// Stores an object with plausible server-side fields (status, uid).
    static func store(_ c: inout ToolContext, kind: String, ns: String, name: String, object: JSONValue) {
        var o = object
        if !Kinds.clusterScoped.contains(kind) { o.set(["metadata", "namespace"], .string(ns)) }
        o.set(["metadata", "uid"], .string(String(format: "%08x-0000-4000-8000-000000000000", stableHash(kind + ns + name))))
        o.set(["metadata", "creationTimestamp"], .string("2026-01-01T00:00:00Z"))
        switch kind {
        case "namespace": o.set(["status", "phase"], .string("Active"))
        case "deployment", "statefulset", "replicaset":
            let r = o["spec"]?["replicas"]?.string ?? "1"
            for f in ["replicas", "readyReplicas", "availableReplicas", "updatedReplicas"] { o.set(["status", f], .string(r)) }
            o.set(["status", "conditions"], .array([.object(["type": "Available", "status": "True"])]))
        case "service":
            if o["spec"]?["type"]?.string == "LoadBalancer" {
                o.set(["status", "loadBalancer", "ingress"], .array([.object(["ip": .string(plausibleIP("svc " + ns + "/" + name))])]))
            }
            o.set(["spec", "clusterIP"], .string(plausibleIP("cip " + ns + "/" + name, internal: true)))
        case "certificate", "clusterissuer", "issuer", "gateway", "httproute":
            o.set(["status", "conditions"], .array([.object(["type": "Ready", "status": "True"])]))
        default: break
        }
        c.state.resources[key(kind, ns, name)] = DoubleResource(tool: "kubectl", kind: kind, name: name,
                                                                namespace: Kinds.clusterScoped.contains(kind) ? nil : ns, object: o)
    }

    // MARK: apply

    enum ApplyMode { case apply, create, replace, delete, dryRun }

    /// The objects named by `-f` and `-k`, with the namespace each lands in.
    static func readObjects(_ c: ToolContext, _ p: ParsedArgs, ns: String, nsFlag: String?) throws -> [(JSONValue, String)] {
        var out: [(JSONValue, String)] = []
        func add(_ objs: [JSONValue]) throws {
            for o in objs {
                let kind = Kinds.canonical(o["kind"]?.string ?? "")
                if let objNs = o["metadata"]?["namespace"]?.string, !Kinds.clusterScoped.contains(kind) {
                    if let nsFlag, nsFlag != objNs {
                        throw Manifests.Failure(message: "error: the namespace from the provided object \"\(objNs)\" does not match the namespace \"\(nsFlag)\". You must pass '--namespace=\(objNs)' to perform this operation.")
                    }
                    out.append((o, objNs))
                } else {
                    out.append((o, ns))
                }
            }
        }
        let recursive = p.has("R", "recursive")
        for f in p.values("f", "filename") {
            if f == "-" {
                try add(Manifests.objects(c.inv.stdin ?? "", source: "STDIN"))
            } else if f.hasPrefix("http://") || f.hasPrefix("https://") {
                continue
            } else if c.inv.isDirectory(f) {
                for path in manifestFiles(c.inv.resolve(f), recursive: recursive) {
                    try add(Manifests.objects(c.inv.readFile(path) ?? "", source: path))
                }
            } else if let text = c.inv.readFile(f) {
                try add(Manifests.objects(text, source: f))
            } else {
                throw Manifests.Failure(message: "error: the path \"\(f)\" does not exist")
            }
        }
        if let k = p.value("k", "kustomize"), !k.isEmpty {
            try add(Manifests.kustomize(k, inv: c.inv))
        }
        return out
    }

    static func manifestFiles(_ dir: String, recursive: Bool) -> [String] {
        var out: [String] = []
        for f in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() {
            let path = dir + "/" + f
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            if isDir.boolValue {
                if recursive { out += manifestFiles(path, recursive: true) }
            } else if f.hasSuffix(".yaml") || f.hasSuffix(".yml") || f.hasSuffix(".json") {
                out.append(path)
            }
        }
        return out
    }

    static func apply(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], ns: String, nsFlag: String?, dry: String) {
        c.outcome.callClass = dry == "none" ? .apply : .read
        if rest.first == "view-last-applied" || rest.first == "edit-last-applied" { c.outcome.callClass = .read; return }
        if p.values("f", "filename").isEmpty && p.value("k", "kustomize") == nil {
            return c.outcome.fail(1, "error: must specify one of -f and -k")
        }
        applyObjects(&c, p, ns: ns, nsFlag: nsFlag, mode: dry != "none" ? .dryRun : verb == "replace" && !p.has("force") ? .replace : .apply)
    }

    static func applyObjects(_ c: inout ToolContext, _ p: ParsedArgs, ns: String, nsFlag: String?, mode: ApplyMode) {
        let objects: [(JSONValue, String)]
        do {
            objects = try readObjects(c, p, ns: ns, nsFlag: nsFlag)
        } catch let e as Manifests.Failure {
            return c.outcome.fail(1, e.message)
        } catch { return }
        let urls = p.values("f", "filename").filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
        // Nothing on standard input usually means a stub produced it (curl URL, helm template, ...):
        // what the real producer would have printed is unknown, so that is not an error here.
        let files = p.values("f", "filename")
        if objects.isEmpty && !files.isEmpty && files.allSatisfy({ $0 == "-" }) && p.value("k", "kustomize") == nil
            && (c.inv.stdin ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            c.outcome.resource = "kubectl stdin"
            return
        }
        if objects.isEmpty && urls.isEmpty {
            return c.outcome.fail(1, mode == .delete ? "error: no objects passed to delete" : "error: no objects passed to \(mode == .create ? "create" : "apply")")
        }
        var keys: [String] = urls.map { "kubectl url \($0)" }
        if !urls.isEmpty && mode != .dryRun && mode != .delete {
            // What a remote manifest holds is not known: treat its namespaces as opaque.
            for u in urls { c.state.resources["kubectl url \(u)"] = DoubleResource(tool: "kubectl", kind: "url", name: u) }
        }
        var failed = false
        let source = p.values("f", "filename").first ?? p.value("k", "kustomize") ?? "STDIN"
        for (obj, ons) in objects {
            let kind = Kinds.canonical(obj["kind"]?.string ?? "")
            let name = obj["metadata"]?["name"]?.string ?? obj["metadata"]?["generateName"]?.string ?? ""
            let k = key(kind, ons, name)
            keys.append(k)
            if (mode == .apply || mode == .create) && c.state.resources[k] == nil && namespaceMissing(c, kind: kind, ns: ons) {
                c.outcome.err("Error from server (NotFound): error when creating \"\(source)\": namespaces \"\(ons)\" not found")
                failed = true
                continue
            }
            let shown = shortName(kind, obj)
            let exists = c.state.resources[k] != nil
            switch mode {
            case .dryRun:
                printObject(&c, p, obj, shown: shown, suffix: " (dry run)", verb: exists ? "configured" : "created")
            case .create:
                if exists {
                    c.outcome.err("Error from server (AlreadyExists): error when creating \"\(source)\": \(Kinds.plural(kind)) \"\(name)\" already exists")
                    failed = true
                    continue
                }
                store(&c, kind: kind, ns: ons, name: name, object: obj)
                printObject(&c, p, obj, shown: shown, suffix: "")
            case .replace:
                if !exists {
                    c.outcome.err("Error from server (NotFound): error when replacing \"\(source)\": \(Kinds.plural(kind)) \"\(name)\" not found")
                    failed = true
                    continue
                }
                store(&c, kind: kind, ns: ons, name: name, object: obj)
                printObject(&c, p, obj, shown: shown, suffix: "", verb: "replaced")
            case .apply:
                let before = c.state.resources[k]?.object
                store(&c, kind: kind, ns: ons, name: name, object: obj)
                let verb = !exists ? "created" : (before == c.state.resources[k]?.object ? "unchanged" : "configured")
                printObject(&c, p, obj, shown: shown, suffix: p.has("server-side") && verb != "unchanged" ? "" : "", verb: p.has("server-side") ? "serverside-applied" : verb)
            case .delete:
                if !exists {
                    if !p.has("ignore-not-found") {
                        c.outcome.err("Error from server (NotFound): error when deleting \"\(source)\": \(Kinds.plural(kind)) \"\(name)\" not found")
                        failed = true
                    }
                    continue
                }
                remove(&c, key: k, kind: kind, name: name)
                c.outcome.out("\(shown) \"\(name)\" deleted")
            }
        }
        c.outcome.resource = keys.isEmpty ? nil : keys.joined(separator: "; ")
        if failed { c.outcome.rc = 1 }
    }

    static func remove(_ c: inout ToolContext, key k: String, kind: String, name: String) {
        c.state.resources[k] = nil
        if kind == "namespace" {
            for (ok, r) in c.state.resources where r.tool == "kubectl" && r.namespace == name { c.state.resources[ok] = nil }
            for (ok, r) in c.state.resources where r.tool == "helm" && r.namespace == name { c.state.resources[ok] = nil }
        }
    }

    // MARK: delete

    /// `KIND NAME...`, `KIND/NAME...`, `KIND1,KIND2 NAME` -> (kind, name) pairs.
    static func targets(_ words: ArraySlice<String>, ns: String) -> [(String, String)] {
        guard let first = words.first else { return [] }
        if first.contains("/") {
            return words.compactMap { w in
                let parts = w.split(separator: "/", maxSplits: 1)
                return parts.count == 2 ? (Kinds.canonical(String(parts[0])), String(parts[1])) : nil
            }
        }
        let kinds = first.split(separator: ",").map { Kinds.canonical(String($0)) }
        return kinds.flatMap { k in words.dropFirst().map { (k, $0) } }
    }

    static func delete(_ c: inout ToolContext, _ p: ParsedArgs, rest: [String], ns: String, nsFlag: String?) {
        c.outcome.callClass = .delete
        if !p.values("f", "filename").isEmpty || p.value("k", "kustomize") != nil {
            return applyObjects(&c, p, ns: ns, nsFlag: nsFlag, mode: .delete)
        }
        let ts = targets(rest[...], ns: ns)
        if ts.isEmpty {
            // `delete KIND --all` / `-l selector`: whatever matches goes.
            if let first = rest.first, p.has("all") || p.has("l", "selector") {
                let kind = Kinds.canonical(first)
                c.outcome.resource = "kubectl \(kind) \(ns)/*"
                for (k, r) in c.state.resources(prefix: "kubectl \(kind) ") where (r.namespace ?? ns) == ns || p.has("A", "all-namespaces") {
                    if matchesSelector(r, p.value("l", "selector")) { remove(&c, key: k, kind: kind, name: r.name) }
                }
                return
            }
            return c.outcome.fail(1, "error: resource(s) were provided, but no name was specified")
        }
        var keys: [String] = []
        var failed = false
        for (kind, name) in ts {
            let k = key(kind, ns, name)
            keys.append(k)
            if c.state.resources[k] != nil {
                remove(&c, key: k, kind: kind, name: name)
                c.outcome.out("\(kind) \"\(name)\" deleted")
            } else if !p.has("ignore-not-found") {
                c.outcome.err("Error from server (NotFound): \(Kinds.plural(kind)) \"\(name)\" not found")
                failed = true
            }
        }
        c.outcome.resource = keys.joined(separator: "; ")
        if failed { c.outcome.rc = 1 }
    }

    static func matchesSelector(_ r: DoubleResource, _ selector: String?) -> Bool {
        guard let selector, !selector.isEmpty else { return true }
        let labels = r.object?["metadata"]?["labels"]?.object ?? [:]
        for term in selector.split(separator: ",") {
            let kv = term.split(separator: "=", omittingEmptySubsequences: true)
            if kv.count == 2 {
                if labels[String(kv[0]).replacingOccurrences(of: "!", with: "")]?.string != String(kv[1]) { return false }
            } else if labels[String(term)] == nil {
                return false
            }
        }
        return true
    }

    // MARK: get / describe

    static func get(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], ns: String) {
        c.outcome.callClass = .probe
        guard let first = rest.first else {
            return c.outcome.fail(1, "error: You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.")
        }
        let allNs = p.has("A", "all-namespaces")
        let output = p.value("o", "output") ?? ""
        let named = first.contains("/") || rest.count > 1
        if !named {
            // A list of one or more kinds.
            let kinds = first.split(separator: ",").map { Kinds.canonical(String($0)) }
            var items: [DoubleResource] = []
            for kind in kinds {
                for (_, r) in c.state.resources(prefix: "kubectl \(kind) ") where r.kind == kind {
                    if Kinds.clusterScoped.contains(kind) || allNs || r.namespace == ns, matchesSelector(r, p.value("l", "selector")) {
                        items.append(r)
                    }
                }
            }
            if kinds == ["namespace"] {
                for builtin in ["default", "kube-node-lease", "kube-public", "kube-system"] where c.state.resources[key("namespace", "", builtin)] == nil {
                    items.append(DoubleResource(tool: "kubectl", kind: "namespace", name: builtin,
                                                object: .object(["apiVersion": "v1", "kind": "Namespace", "metadata": .object(["name": .string(builtin)]), "status": .object(["phase": "Active"])])))
                }
                items.sort { $0.name < $1.name }
            }
            c.outcome.resource = kinds.map { "kubectl \($0) \(allNs ? "*" : ns)/*" }.joined(separator: "; ")
            if items.isEmpty && !output.hasPrefix("json") && output != "yaml" {
                if !output.hasPrefix("jsonpath") && !output.hasPrefix("go-template") {
                    c.outcome.err(allNs ? "No resources found" : "No resources found in \(ns) namespace.")
                }
                return
            }
            let list: JSONValue = .object(["apiVersion": "v1", "kind": "List", "items": .array(items.map { $0.object ?? .object([:]) })])
            printGot(&c, output: output, value: list, rows: items, verb: verb)
            return
        }
        let pairs = targets(rest[...], ns: ns)
        var found: [DoubleResource] = []
        var keys: [String] = []
        var failed = false
        for (kind, name) in pairs {
            let k = key(kind, ns, name)
            keys.append(k)
            if let r = c.state.resources[k] {
                found.append(r)
            } else if kind == "namespace" && ["default", "kube-system", "kube-public", "kube-node-lease"].contains(name) {
                found.append(DoubleResource(tool: "kubectl", kind: kind, name: name,
                                            object: .object(["apiVersion": "v1", "kind": "Namespace", "metadata": .object(["name": .string(name)]), "status": .object(["phase": "Active"])])))
            } else if kind == "serviceaccount" && name == "default" {
                found.append(DoubleResource(tool: "kubectl", kind: kind, name: name, namespace: ns,
                                            object: .object(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": .object(["name": "default", "namespace": .string(ns)])])))
            } else if !p.has("ignore-not-found") {
                c.outcome.err("Error from server (NotFound): \(Kinds.plural(kind)) \"\(name)\" not found")
                failed = true
            }
        }
        c.outcome.resource = keys.joined(separator: "; ")
        if !found.isEmpty {
            let value: JSONValue = found.count == 1 ? (found[0].object ?? .object([:]))
                : .object(["apiVersion": "v1", "kind": "List", "items": .array(found.map { $0.object ?? .object([:]) })])
            printGot(&c, output: output, value: value, rows: found, verb: verb)
        }
        if failed { c.outcome.rc = 1 }
    }

    static func printGot(_ c: inout ToolContext, output: String, value: JSONValue, rows: [DoubleResource], verb: String) {
        if verb == "describe" {
            for r in rows {
                c.outcome.out("Name:         \(r.name)" + (r.namespace.map { "\nNamespace:    \($0)" } ?? "") + "\nLabels:       <none>\nAnnotations:  <none>\n")
            }
            return
        }
        if output == "yaml" { c.outcome.stdout += value.yaml(); return }
        if output == "json" { c.outcome.stdout += value.json(); return }
        if output == "name" {
            for r in rows { c.outcome.out("\(shortName(r.kind, r.object ?? .null))/\(r.name)") }
            return
        }
        if output.hasPrefix("jsonpath") || output.hasPrefix("go-template") || output.hasPrefix("custom-columns") {
            let template = output.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            if output.hasPrefix("jsonpath") {
                c.outcome.stdout += JSONPath.evaluate(template, on: value)
            } else {
                c.outcome.stdout += rows.map(\.name).joined(separator: "\n")
            }
            return
        }
        c.outcome.out("NAME" + String(repeating: " ", count: 20) + "AGE")
        for r in rows { c.outcome.out(r.name.padding(toLength: max(24, r.name.count + 1), withPad: " ", startingAt: 0) + "1m") }
    }

    // MARK: label, annotate, patch, ...

    static func mutate(_ c: inout ToolContext, _ p: ParsedArgs, verb: String, rest: [String], ns: String) {
        c.outcome.callClass = .apply
        if p.has("dry-run") { c.outcome.callClass = .read }
        var words = rest[...]
        if verb == "set" { words = words.dropFirst() }
        // label / annotate take KEY=VALUE after the target.
        let targetWords = words.filter { !$0.contains("=") && !($0.hasSuffix("-") && verb != "patch" && words.first != $0 && !$0.contains("/")) }
        var ts = targets(targetWords[...], ns: ns)
        if verb == "patch" || verb == "scale" || verb == "autoscale" { ts = Array(ts.prefix(1)) }
        if ts.isEmpty && (!p.values("f", "filename").isEmpty) { return }
        guard !ts.isEmpty else { return }
        var keys: [String] = []
        for (kind, name) in ts {
            let k = key(kind, ns, name)
            keys.append(k)
            if ["node", "nodes"].contains(kind) { continue }
            if c.state.resources[k] == nil && !opaque(c, ns: ns) {
                c.outcome.resource = keys.joined(separator: "; ")
                return c.outcome.fail(1, "Error from server (NotFound): \(Kinds.plural(kind)) \"\(name)\" not found")
            }
            if c.state.resources[k] != nil, verb == "label" || verb == "annotate" {
                let field = verb == "label" ? "labels" : "annotations"
                for kv in words where kv.contains("=") {
                    let parts = kv.split(separator: "=", maxSplits: 1)
                    c.state.resources[k]?.object?.set(["metadata", field, String(parts[0])], .string(parts.count > 1 ? String(parts[1]) : ""))
                }
            }
            let verbPast = ["label": "labeled", "annotate": "annotated", "patch": "patched", "scale": "scaled", "set": "image updated", "autoscale": "autoscaled"][verb] ?? verb + "ed"
            c.outcome.out("\(kind)/\(name) \(verbPast)")
        }
        c.outcome.resource = keys.joined(separator: "; ")
    }

    /// With INFRA_TUI_DOUBLE_STRICT_NAMESPACES=1, a namespaced object needs its namespace to exist
    /// (built-in ones, or one created earlier in the rehearsal). Off by default: a cluster the
    /// scripts did not create may hold namespaces the doubles never saw.
    static func namespaceMissing(_ c: ToolContext, kind: String, ns: String, pending: Set<String> = []) -> Bool {
        guard c.inv.env("INFRA_TUI_DOUBLE_STRICT_NAMESPACES") == "1", !Kinds.clusterScoped.contains(kind) else { return false }
        if Helm.builtinNamespaces.contains(ns) || pending.contains(ns) { return false }
        return c.state.resources[key("namespace", "", ns)] == nil
    }

    /// Whether something the doubles cannot see into (a helm chart, a remote manifest) may have
    /// made objects in `ns`.
    static func opaque(_ c: ToolContext, ns: String) -> Bool {
        c.state.resources.values.contains { ($0.tool == "helm" && $0.namespace == ns) || ($0.tool == "kubectl" && $0.kind == "url") }
    }
}

/// A subset of kubectl's JSONPath: `{.a.b[0].c}`, `{.data.tls\.crt}`, `{.data['k']}`, `[*]`,
/// `{range .items[*]}...{end}`, `{"\n"}`, literal text.
enum JSONPath {
    static func evaluate(_ template: String, on root: JSONValue) -> String {
        var t = template
        if t.count >= 2, let f = t.first, f == t.last, f == "'" || f == "\"" { t = String(t.dropFirst().dropLast()) }
        if !t.contains("{") { t = "{" + t + "}" }
        let tokens = tokenize(t)
        var i = 0
        return render(tokens, &i, current: root, root: root, stopAtEnd: false)
    }

    enum Token { case text(String), expr(String) }

    static func tokenize(_ s: String) -> [Token] {
        var out: [Token] = []
        var text = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "{" {
                if !text.isEmpty { out.append(.text(text)); text = "" }
                var depth = 0
                var j = i
                var inQuote: Character?
                while j < s.endIndex {
                    let ch = s[j]
                    if let q = inQuote { if ch == q { inQuote = nil } }
                    else if ch == "\"" || ch == "'" { inQuote = ch }
                    else if ch == "{" { depth += 1 }
                    else if ch == "}" { depth -= 1; if depth == 0 { break } }
                    j = s.index(after: j)
                }
                out.append(.expr(String(s[s.index(after: i)..<min(j, s.endIndex)])))
                i = j < s.endIndex ? s.index(after: j) : j
            } else {
                text.append(s[i])
                i = s.index(after: i)
            }
        }
        if !text.isEmpty { out.append(.text(text)) }
        return out
    }

    static func render(_ tokens: [Token], _ i: inout Int, current: JSONValue, root: JSONValue, stopAtEnd: Bool) -> String {
        var out = ""
        while i < tokens.count {
            let tok = tokens[i]
            i += 1
            switch tok {
            case .text(let s): out += s
            case .expr(let e):
                let expr = e.trimmingCharacters(in: .whitespaces)
                if expr == "end" {
                    if stopAtEnd { return out }
                    continue
                }
                if expr.hasPrefix("range ") {
                    let items = select(String(expr.dropFirst(6)), current: current, root: root)
                    let start = i
                    var endIndex = i
                    if items.isEmpty {
                        _ = render(tokens, &endIndex, current: .null, root: root, stopAtEnd: true)
                    }
                    for item in items {
                        var j = start
                        out += render(tokens, &j, current: item, root: root, stopAtEnd: true)
                        endIndex = j
                    }
                    i = endIndex
                    continue
                }
                if expr.hasPrefix("\"") && expr.hasSuffix("\"") && expr.count >= 2 {
                    out += String(expr.dropFirst().dropLast()).replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
                    continue
                }
                out += select(expr, current: current, root: root).map(\.printed).joined(separator: " ")
            }
        }
        return out
    }

    /// Values selected by a path like `.a.b[0]['c.d'][*].e` (from `$` = root, `@`/`.` = current).
    static func select(_ path: String, current: JSONValue, root: JSONValue) -> [JSONValue] {
        var p = Substring(path.trimmingCharacters(in: .whitespaces))
        var values: [JSONValue] = [current]
        if p.hasPrefix("$") { values = [root]; p = p.dropFirst() }
        if p.hasPrefix("@") { p = p.dropFirst() }
        while !p.isEmpty {
            if p.hasPrefix(".") {
                p = p.dropFirst()
                var name = ""
                while let ch = p.first, ch != ".", ch != "[" {
                    if ch == "\\", p.count > 1 { p = p.dropFirst(); name.append(p.first!); p = p.dropFirst(); continue }
                    name.append(ch)
                    p = p.dropFirst()
                }
                if name.isEmpty { continue }
                values = values.compactMap { $0[name] }
            } else if p.hasPrefix("[") {
                guard let close = p.firstIndex(of: "]") else { return [] }
                let inner = p[p.index(after: p.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                p = p[p.index(after: close)...]
                if inner == "*" {
                    values = values.flatMap { v -> [JSONValue] in v.array ?? (v.object.map { o in o.keys.sorted().map { o[$0]! } } ?? []) }
                } else if let n = Int(inner) {
                    values = values.compactMap { v in
                        guard let a = v.array else { return nil }
                        let idx = n < 0 ? a.count + n : n
                        return idx >= 0 && idx < a.count ? a[idx] : nil
                    }
                } else if inner.hasPrefix("?") {
                    // Filters like [?(@.type=="Ready")]: keep items whose field equals the value.
                    let body = inner.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "() "))
                    let parts = body.components(separatedBy: "==")
                    if parts.count == 2 {
                        let field = parts[0].trimmingCharacters(in: .whitespaces)
                        let want = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                        values = values.flatMap { $0.array ?? [] }.filter { item in
                            select(String(field), current: item, root: root).first?.printed == want
                        }
                    }
                } else {
                    let key = inner.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                    values = values.compactMap { $0[key] }
                }
            } else {
                return values
            }
        }
        return values
    }
}
