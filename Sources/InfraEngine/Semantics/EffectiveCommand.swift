import ShellReader

/// One command a script runs, resolved to the tool invocation it makes (issue 12 item 3):
/// `gq compute networks create n` with `gq() { gcloud --quiet --project "$P" "$@"; }` is
/// `gcloud --quiet --project "$P" compute networks create n`.
///
/// Shape: the call site (`command`), the tool, the effective words (tool first, then the
/// wrapper's leading words, the call-site arguments after those the wrapper consumes, the
/// wrapper's trailing words), and what the invocation does (`action`, `subject`).
public struct EffectiveCommand: Sendable {
    /// What the invocation does to the thing it names.
    public enum Action: Sendable, Equatable {
        /// Makes something new; fails when it exists (`gcloud ... create`, `kubectl create`,
        /// `helm install`, `k3d cluster create`, `kind create cluster`).
        case create
        /// Asks whether something exists: describe, get, status, list.
        case lookup
        case delete
        /// Idempotent writes: `kubectl apply`, `helm upgrade --install`, dry-run renders.
        case apply
        case other

        public var isLookup: Bool { self == .lookup }
    }

    public let command: ShellCommand
    /// Index of `command` in its script's `commands` (-1 when resolved outside a script walk).
    public let index: Int
    public let tool: String
    public let words: [ShellWord]
    /// The function called at the call site when it is a wrapper; nil for a direct call.
    public let via: String?
    public let wrapper: FunctionSummary.Wrapper?
    public let action: Action
    /// The subcommand path (`container node-pools`, `create`, `cluster`), for messages.
    public let subcommand: String
    /// What it acts on, comparable between a lookup and a create of the same tool
    /// (`namespace/chat`, `cluster/chat-dev`, a release name); nil when unknown.
    public let subject: String?

    public var line: Int { command.startLine }

    /// Index in `words` of the first call-site argument (after those the wrapper consumes).
    public var callStart: Int { 1 + (wrapper?.leadingArguments.count ?? 0) }

    /// The call-site word index of effective word `i`, nil when the wrapper added it.
    public func callSiteIndex(_ i: Int) -> Int? {
        guard let wrapper else { return i }
        let callCount = command.words.count - 1 - wrapper.shifted
        guard i >= callStart, i < callStart + callCount else { return i == 0 ? 0 : nil }
        return i - callStart + 1 + wrapper.shifted
    }

    /// Whether a flag (`--zone`) is among the words the wrapper adds.
    public func wrapperAdds(_ flag: String) -> Bool {
        wrapper?.addedArguments.contains { $0.unquotedText == flag || $0.unquotedText.hasPrefix(flag + "=") } ?? false
    }

    /// Resolves `command` against the functions in `scope`: a tool called directly, or
    /// through a wrapper (nested wrappers are already folded into one by the summaries).
    public static func resolve(_ command: ShellCommand, scope: [String: FunctionSummary], index: Int = -1) -> EffectiveCommand? {
        guard let name = command.name else { return nil }
        if FunctionSummaries.tools.contains(name) {
            return EffectiveCommand(command: command, index: index, tool: name, words: command.words, via: nil, wrapper: nil)
        }
        guard let wrapper = scope[name]?.wrapper else { return nil }
        return EffectiveCommand(command: command, index: index, tool: wrapper.tool,
                                words: wrappedWords(command, wrapper), via: name, wrapper: wrapper)
    }

    /// The words `resolve` would give `command` (the tool's call, through a wrapper in
    /// `scope`), or its own words when it calls no tool: without reading the tool's grammar,
    /// for callers that only read the words (file references ask for every command of every
    /// version of every task).
    public static func resolvedWords(_ command: ShellCommand, scope: [String: FunctionSummary]) -> [ShellWord] {
        guard let name = command.name, !FunctionSummaries.tools.contains(name), let wrapper = scope[name]?.wrapper else {
            return command.words
        }
        return wrappedWords(command, wrapper)
    }

    /// The tool, the words the wrapper adds, and the caller's arguments it passes on.
    private static func wrappedWords(_ command: ShellCommand, _ wrapper: FunctionSummary.Wrapper) -> [ShellWord] {
        wrapper.words(around: command.arguments.dropFirst(min(wrapper.shifted, command.arguments.count)), at: command.startLine)
    }

    private init(command: ShellCommand, index: Int, tool: String, words: [ShellWord], via: String?, wrapper: FunctionSummary.Wrapper?) {
        self.command = command
        self.index = index
        self.tool = tool
        self.words = words
        self.via = via
        self.wrapper = wrapper
        (action, subcommand, subject) = ToolGrammar.read(tool: tool, words: words)
    }

    /// Value of `--flag V` / `--flag=V` among the effective words, as written (raw).
    public func flagValue(_ flag: String) -> ShellWord? {
        for (i, w) in words.enumerated() {
            let t = w.unquotedText
            if t == flag, i + 1 < words.count { return words[i + 1] }
            if t.hasPrefix(flag + "=") {
                // `--flag="$V"`: the value as written is what follows `=` in the raw word.
                let v = String(t.dropFirst(flag.count + 1))
                let raw = w.raw.hasPrefix(flag + "=") ? String(w.raw.dropFirst(flag.count + 1)) : v
                return ShellWord(raw: raw, literal: w.literal == nil ? nil : v, unquotedText: v, line: w.line, hasExpansion: w.hasExpansion)
            }
        }
        return nil
    }

    public func has(_ flag: String) -> Bool {
        words.contains { $0.unquotedText == flag || $0.unquotedText.hasPrefix(flag + "=") }
    }
}

/// How each tool spells its subcommands: which word is the verb, and what it acts on.
enum ToolGrammar {
    static let kubectlValueFlags: Set<String> = ["-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-s", "--server", "--as"]
    static let helmValueFlags: Set<String> = ["-n", "--namespace", "--kube-context", "--kubeconfig"]

    /// Positional words after the program, skipping flags (and the values of `valueFlags`).
    static func positionals(_ words: [ShellWord], valueFlags: Set<String>) -> [(index: Int, text: String)] {
        var out: [(Int, String)] = []
        var i = 1
        while i < words.count {
            let w = words[i].unquotedText
            if w.hasPrefix("-") { i += valueFlags.contains(w) ? 2 : 1; continue }
            out.append((i, w))
            i += 1
        }
        return out
    }

    static func read(tool: String, words: [ShellWord]) -> (EffectiveCommand.Action, String, String?) {
        let dryRun = words.contains { $0.unquotedText.hasPrefix("--dry-run") }
        switch tool {
        case "gcloud":
            guard let inv = GcloudKnowledge.invocation(words, from: 1) else { return (.other, "", nil) }
            let name = inv.nameIndex.map { words[$0].unquotedText }
            let action: EffectiveCommand.Action = GcloudKnowledge.createVerbs.contains(inv.verb) ? .create
                : ["describe", "list"].contains(inv.verb) ? .lookup : inv.verb == "delete" ? .delete : .other
            return (action, "\(inv.path) \(inv.verb)", name.map { "\(inv.path)/\($0)" })
        case "kubectl":
            let p = positionals(words, valueFlags: kubectlValueFlags)
            guard let verb = p.first?.text else { return (.other, "", nil) }
            let kind = p.count > 1 ? p[1].text : ""
            // `create secret generic NAME`: the generator type sits between kind and name.
            let nameAt = verb == "create" && ["secret", "service", "svc"].contains(kind) ? 3 : 2
            let subject = p.count > nameAt ? "\(kind)/\(p[nameAt].text)" : (kind.contains("/") ? kind : nil)
            let action: EffectiveCommand.Action = switch verb {
            case "create": dryRun ? .apply : .create
            case "get": .lookup
            case "delete": .delete
            case "apply", "replace": .apply
            default: .other
            }
            return (action, verb, subject)
        case "helm":
            let p = positionals(words, valueFlags: helmValueFlags)
            guard let verb = p.first?.text else { return (.other, "", nil) }
            let release = p.count > 1 ? p[1].text : nil
            let action: EffectiveCommand.Action = switch verb {
            case "install": dryRun ? .other : .create
            case "status", "list", "ls", "get": .lookup
            case "uninstall", "delete": .delete
            case "upgrade": .apply
            default: .other
            }
            return (action, verb, release)
        case "k3d":
            // `k3d cluster create NAME`, `k3d registry get NAME`
            let p = positionals(words, valueFlags: ["-p", "--port", "-a", "--agents", "-s", "--servers", "--registry-use", "--config", "-c"])
            guard p.count >= 2 else { return (.other, "", nil) }
            var name = p.count > 2 ? p[2].text : (p[0].text == "cluster" ? "k3s-default" : nil)
            if p[0].text == "registry", let n = name, n.hasPrefix("k3d-") { name = String(n.dropFirst(4)) }
            return (action(verb: p[1].text), "\(p[0].text) \(p[1].text)", name.map { "\(p[0].text)/\($0)" })
        case "kind":
            // `kind create cluster --name N`, `kind get clusters`
            let p = positionals(words, valueFlags: ["--name", "--config", "--image", "--kubeconfig", "--wait"])
            guard p.count >= 2 else { return (.other, "", nil) }
            var name: String?
            for (i, w) in words.enumerated() {
                if w.unquotedText == "--name", i + 1 < words.count { name = words[i + 1].unquotedText }
                if w.unquotedText.hasPrefix("--name=") { name = String(w.unquotedText.dropFirst(7)) }
            }
            return (action(verb: p[0].text), "\(p[0].text) \(p[1].text)", "cluster/\(name ?? "kind")")
        default:
            return (.other, "", nil)
        }
    }

    private static func action(verb: String) -> EffectiveCommand.Action {
        switch verb {
        case "create": .create
        case "get", "list": .lookup
        case "delete": .delete
        default: .other
        }
    }
}
