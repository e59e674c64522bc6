import ShellReader

// Bare commands whose non-zero status the task lives with: it goes on after them, and
// `set -e` would end it there ("The Set Builtin"). Each is judged where `-e` applies
// (`ErrexitContext.ends`): `cmd || true`, `if cmd`, `[ $# -gt 0 ] && shift` are not.
extension ErrexitHazards {
    /// Why `cmd`, run bare, fails in a run the task expects to survive; nil otherwise.
    /// - a tool asked whether there are changes (`statusQuestion`);
    /// - `read`: status 1 at the end of input or on a timeout (bash manual, "Bash Builtins"),
    ///   which is how a prompt ends when the entrypoint runs the task without a terminal;
    /// - a command whose error output is thrown away (`2>/dev/null`, `&>/dev/null`): its
    ///   author expects it to fail at times and goes on;
    /// - a delete of what may already be gone: `kubectl delete` or `helm uninstall` without
    ///   `--ignore-not-found`, a `gcloud ... delete` (it fails on a missing resource).
    /// `call` and `effective`: `cmd` unwrapped and resolved, as the caller (`hazard`) has them.
    static func tolerated(_ cmd: ShellCommand, call: (name: String?, arguments: [ShellWord]), effective: EffectiveCommand?) -> String? {
        guard let name = call.name else { return nil }
        if let asked = statusQuestion(name, call.arguments) {
            return "a bare `\(name) \(asked.command)` exits \(asked.status) as an answer (there are changes), which `set -e` takes for a failure"
        }
        if name == "read" {
            return "a bare `read` returns 1 at the end of input or on a timeout (a run without a terminal), which `set -e` takes for a failure"
        }
        if silencesErrors(cmd) {
            return "`\(name)` runs with its errors thrown away (`2>/dev/null`): the task expects it to fail at times and goes on, "
                + "which `set -e` would stop"
        }
        if let e = effective, e.action == .delete,
           ["kubectl", "helm", "gcloud"].contains(e.tool), !e.has("--ignore-not-found") {
            return "a bare `\(e.tool) \(e.subcommand)` fails when the object is already gone, and the task goes on after it, "
                + "which `set -e` would stop"
        }
        return nil
    }

    /// `2>/dev/null`, `&>/dev/null`, `>/dev/null 2>&1` on the command itself.
    static func silencesErrors(_ cmd: ShellCommand) -> Bool {
        let toNull = { (r: ShellRedirection) in r.target?.unquotedText == "/dev/null" }
        if cmd.redirections.contains(where: { ($0.op == "&>" || $0.op == "&>>") && toNull($0) }) { return true }
        if cmd.redirections.contains(where: { $0.fd == "2" && ($0.op == ">" || $0.op == ">>") && toNull($0) }) { return true }
        // `>/dev/null 2>&1`: stderr follows stdout to /dev/null (in that order).
        if let out = cmd.redirections.firstIndex(where: { ($0.fd == nil || $0.fd == "1") && $0.op == ">" && toNull($0) }),
           cmd.redirections[(out + 1)...].contains(where: { $0.fd == "2" && $0.op == ">&" && $0.target?.unquotedText == "1" }) {
            return true
        }
        return false
    }

    /// A tool asked whether there are changes, which answers "yes" with a non-zero status:
    /// the subcommand and flag as written, and that status. Nil for any other call.
    /// - `git diff`/`diff-index`/`diff-files` with `--exit-code` or `--quiet` (git-diff(1):
    ///   "exits with 1 if there were differences");
    /// - `terraform plan -detailed-exitcode` (Terraform docs, `plan`: 2 when there are changes);
    /// - `helm diff ... --detailed-exitcode` (the helm-diff plugin: 2 when there are changes).
    /// The subcommand is the first word that names one, wherever the tool's global options
    /// (`git -C dir`, `terraform -chdir="$DIR"`, `helm --kube-context c`) put it.
    static func statusQuestion(_ tool: String, _ arguments: [ShellWord]) -> (command: String, status: Int)? {
        let subcommands: Set<String>, flags: Set<String>, status: Int
        switch tool {
        case "git": (subcommands, flags, status) = (["diff", "diff-index", "diff-files"], ["--exit-code", "--quiet"], 1)
        case "terraform": (subcommands, flags, status) = (["plan"], ["-detailed-exitcode", "--detailed-exitcode"], 2)
        case "helm": (subcommands, flags, status) = (["diff"], ["--detailed-exitcode"], 2)
        default: return nil
        }
        let words = arguments.map(\.unquotedText)
        guard let at = words.firstIndex(where: subcommands.contains),
              let flag = words[(at + 1)...].first(where: { w in flags.contains { w == $0 || w.hasPrefix($0 + "=") } }) else { return nil }
        return ("\(words[at]) \(flag)", status)
    }

    /// Why a bare `shift [n]` would end the task under `-e`: `shift` returns 1 when there are
    /// fewer than n positional parameters (bash manual, "Bourne Shell Builtins").
    /// - At the top level (`function` nil): the task's arguments are optional, and the
    ///   entrypoint runs it without them.
    /// - In a function: only when the function defaults one of its own positionals
    ///   (`${1:-x}`), so it expects calls without them (`parse_args "$@"`); a function that
    ///   reads `$1` plainly is called with its arguments (`chart web upgrade ...`).
    /// Safe when an earlier `${k:?...}` (k >= n) in the same scope has already stopped a run
    /// without them, after `&&` behind a test of `$#`, in a loop whose condition tests `$#`,
    /// and for getopts' `shift $((OPTIND - 1))`;
    /// any other test of the count is not read, so it counts as a hazard (no `-e` when unsure).
    static func optionalShift(_ cmd: ShellCommand, in script: ShellScript, function: ShellFunction? = nil) -> String? {
        let call = CalledFunctions.unwrapped(cmd)
        guard call.name == "shift" else { return nil }
        // `shift $((OPTIND - 1))` after `getopts` shifts what getopts read: never too many.
        if let first = call.arguments.first, first.raw.contains("OPTIND") { return nil }
        let count = call.arguments.first.flatMap { $0.literal }.flatMap { Int($0) } ?? 1
        guard count > 0 else { return nil }
        func inScope(_ e: ShellExpansion) -> Bool {
            let inFunction = e.enclosing.contains(where: \.isFunction)
            guard let function else { return !inFunction }
            return inBody(e, of: function)
        }
        let positional = script.expansions.filter { e in inScope(e) && !e.inHeredoc && Int(e.name) != nil && e.name != "0" }
        if function != nil, !positional.contains(where: { $0.op == ":-" || $0.op == "-" }) { return nil }
        let required = positional.contains { e in
            (e.op == ":?" || e.op == "?") && e.line <= cmd.startLine && Int(e.name).map { $0 >= count } == true
        }
        guard !required else { return nil }
        let testsCount = { (c: ShellCommand) in c.words.contains { $0.raw.contains("$#") || $0.raw.contains("${#}") } }
        // `[ $# -gt 0 ] && shift`: it runs only when the test of the count passed.
        if cmd.operatorBefore == "&&", let i = script.commands.firstIndex(where: { $0.startOffset == cmd.startOffset }), i > 0,
           testsCount(script.commands[i - 1]) {
            return nil
        }
        // `while [ $# -gt 0 ]; do case $1 in ...; esac; shift; done`: the loop runs while
        // there is one to shift (a second shift per round, for an option's value, is not
        // judged: it fails only on a malformed call).
        if count == 1 {
            let loops = cmd.enclosing.compactMap { c -> Int? in if case .loopBody(let k) = c { return k }; return nil }
            if script.commands.contains(where: { head in
                head.enclosing.contains { c in if case .loopHead(let k) = c { return loops.contains(k) }; return false } && testsCount(head)
            }) {
                return nil
            }
        }
        return "a bare `\(cmd.words.map(\.raw).joined(separator: " "))` returns 1 when "
            + (function == nil ? "the task runs with fewer arguments (its arguments are optional, and the entrypoint runs it without them)"
                               : "`\(function!.name)` is called with fewer arguments (it defaults its own)")
            + ", which `set -e` takes for a failure"
    }
}
