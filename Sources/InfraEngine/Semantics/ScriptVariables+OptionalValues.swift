import ShellReader

// Names a task runs without. Without `set -u` an unset name expands to nothing (bash manual,
// "Shell Parameter Expansion"), and for two kinds of read nothing else follows from that:
// - a value glued onto a name (`NAME="shop-cache${CACHE_SUFFIX}"`, `"${ENV_PREFIX}cluster"`)
//   extends a word that stands on its own: the task runs with the bare stem;
// - a value only printed (`echo "context: $KUBE_CONTEXT"`, `log "using $X"`) only changes a
//   message.
// Making such a name required stops a documented run that worked (the session-8 tester's
// D6), so it is read as `${X:-}`, which keeps exactly what the task did, and the entrypoint
// does not demand it.
extension ScriptVariables {
    /// Why a name the task reads bare is optional.
    public enum OptionalValue: Sendable, Equatable {
        /// Glued onto this literal name part (two or more letters or digits), e.g. `shop-cache`.
        case part(of: String)
        /// Only printed: an argument of `echo`, `printf` or a function that only prints or
        /// dies with a message, its output going to the terminal.
        case printed
    }

    /// Names every read of which is glued onto a name part or printed (`reads`: the bare reads
    /// by name; names in `exclude` are skipped). A name with a glued read is a `.part`, with
    /// the first such read's stem.
    /// `bytes`: the script's text as UTF-8, which the caller has made already.
    static func optionalValues(_ script: ShellScript, bytes: [UInt8], reads: [String: [Int]], scope: FunctionScope,
                               exclude: (String) -> Bool) -> [String: OptionalValue] {
        // Names the tools read themselves (`KUBECONFIG`, `CLOUDSDK_CORE_PROJECT`): a task that
        // prints one also runs with it, whatever it prints (the session-9 third tester's D4).
        let candidates = Set(reads.keys.filter { !exclude($0) && !toolEnvironment($0) })
        guard !candidates.isEmpty else { return [:] }
        var out: [String: OptionalValue] = [:]
        var disqualified: Set<String> = []
        for e in script.expansions where candidates.contains(e.name) && !disqualified.contains(e.name) {
            // Every read counts: `${X%-*}` or a lone `"$X"` argument makes the name a value of its own.
            guard !e.hasDefault, !e.isIndirect else { continue }
            if destroys(e, in: script) {
                // A value in the arguments of a delete names what goes: never optional
                // (`helm uninstall "shop${CANARY_SUFFIX}"` unset removes `shop`: D1).
                disqualified.insert(e.name)
                out[e.name] = nil
            } else if let part = gluedStem(e, bytes: bytes) {
                if case .part = out[e.name] {} else { out[e.name] = .part(of: part) }
            } else if printed(e, in: script, scope: scope) {
                if out[e.name] == nil { out[e.name] = .printed }
            } else {
                disqualified.insert(e.name)
                out[e.name] = nil
            }
        }
        return out
    }

    /// Environment variables the field's tools read on their own: kubectl's `KUBECONFIG`,
    /// gcloud's `CLOUDSDK_*` and `GOOGLE_APPLICATION_CREDENTIALS`, helm's `HELM_*`, Terraform's
    /// `TF_*`, the AWS and Azure CLIs' own.
    static func toolEnvironment(_ name: String) -> Bool {
        ["KUBECONFIG", "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT"].contains(name)
            || ["CLOUDSDK_", "HELM_", "KUBECTL_", "TF_", "AWS_", "AZURE_", "ARM_"].contains { name.hasPrefix($0) }
    }

    /// Whether the read is an argument of a command that deletes (`TaskRoles.deletingVerbs`
    /// among its literal words: `gcloud sql instances delete`, `helm uninstall`, `kubectl delete`).
    static func destroys(_ e: ShellExpansion, in script: ShellScript) -> Bool {
        guard let c = script.commands.last(where: { $0.startOffset <= e.startOffset && e.startOffset < $0.endOffset }),
              let name = c.name, !["echo", "printf"].contains(name) else { return false }
        return c.words.contains { $0.literal.map(TaskRoles.deletingVerbs.contains) ?? false }
    }

    /// The literal name part a bare `$X`/`${X}` is glued onto, or nil: two or more letters or
    /// digits right before the `$` (a `-` or `_` between them makes the name a part of its own),
    /// another expansion right before it (`${TIER}${DB_SUFFIX}`), or (braces only) letters or
    /// digits right after the `}`.
    static func gluedStem(_ e: ShellExpansion, bytes: [UInt8]) -> String? {
        func alnum(_ k: Int) -> Bool {
            guard k >= 0, k < bytes.count else { return false }
            let b = bytes[k]
            return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
        }
        guard e.op == nil, !e.isLength, e.startOffset < bytes.count, e.endOffset <= bytes.count,
              bytes[e.startOffset] == UInt8(ascii: "$") else { return nil }
        var s = e.startOffset
        while alnum(s - 1) || (s - 1 >= 0 && bytes[s - 1] == UInt8(ascii: "_")) { s -= 1 }
        // Right after another value: `${TIER}${DB_SUFFIX}`, `$TIER$DB_SUFFIX`.
        if s - 1 >= 0, bytes[s - 1] == UInt8(ascii: "$"), s < e.startOffset {
            return String(decoding: bytes[(s - 1)..<e.startOffset], as: UTF8.self)
        }
        if s == e.startOffset, s - 1 >= 0, bytes[s - 1] == UInt8(ascii: "}"),
           let open = stride(from: s - 2, to: 0, by: -1).first(where: { bytes[$0] == UInt8(ascii: "$") && bytes[$0 + 1] == UInt8(ascii: "{") }) {
            return String(decoding: bytes[open..<e.startOffset], as: UTF8.self)
        }
        while s < e.startOffset && bytes[s] == UInt8(ascii: "_") { s += 1 }
        if e.startOffset - s >= 2, (s..<e.startOffset).contains(where: { alnum($0) }) {
            return String(decoding: bytes[s..<e.startOffset], as: UTF8.self)
        }
        guard bytes[e.endOffset - 1] == UInt8(ascii: "}") else { return nil }
        var t = e.endOffset
        while alnum(t) { t += 1 }
        return t - e.endOffset >= 2 ? String(decoding: bytes[e.endOffset..<t], as: UTF8.self) : nil
    }

    /// Whether a bare read is only printed: an argument of `echo`, `printf` (not `-v`) or a
    /// function that only prints or dies, whose output reaches the terminal (`reachesTerminal`);
    /// in such a function's own body, every call of the function must reach it too
    /// (`render() { echo "image: $IMAGE"; }; render | kubectl apply -f -` is data).
    static func printed(_ e: ShellExpansion, in script: ShellScript, scope: FunctionScope) -> Bool {
        guard e.op == nil, !e.isLength, !e.inHeredoc else { return false }
        // The innermost command holding the read.
        guard let c = script.commands.last(where: { $0.startOffset <= e.startOffset && e.startOffset < $0.endOffset }),
              let name = c.name, c.prefixAssignments.isEmpty else { return false }
        let message: Bool
        if name == "echo" { message = true }
        else if name == "printf" { message = c.arguments.first?.literal != "-v" }
        else if let s = scope[name] { message = s.onlyPrints || s.kills }
        else { message = false }
        guard message else { return false }
        return reachesTerminal(c) { f in
            guard let s = scope[f], s.onlyPrints || s.kills else { return false }
            return script.commands.allSatisfy { call in call.name != f || reachesTerminal(call) { _ in false } }
        }
    }

    /// Whether a command's output goes where it went: not piped, captured, redirected to a
    /// file, nor inside a group or loop (whose own redirections the command does not show);
    /// an if or a case is fine, a function body when `inFunction` says so.
    static func reachesTerminal(_ c: ShellCommand, inFunction: (String) -> Bool) -> Bool {
        guard c.operatorAfter != "|", c.operatorAfter != "|&" else { return false }
        let toTerminal = c.redirections.allSatisfy { r in
            (r.op == ">&" && ["1", "2"].contains(r.target?.literal ?? "")) || r.target?.literal == "/dev/stderr"
        }
        guard toTerminal else { return false }
        for construct in c.enclosing {
            switch construct {
            case .ifCondition, .ifBody, .caseItem: continue
            case .function(let f): if !inFunction(f) { return false }
            default: return false
            }
        }
        return true
    }
}
