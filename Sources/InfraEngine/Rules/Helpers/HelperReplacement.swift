import Foundation
import ShellReader

/// Whether a task's own copy of a helper may give way to the library's (issue 13: keep what a script did).
///
/// Removing the copy makes every call run the library's body instead, so only a copy with
/// the same body (normalised for whitespace and comments) goes. A different body stays the
/// task's own; the reasons below say, where they can, what the difference would break:
/// - one stops the task (`exit`) and the other does not: never (a `die` that no longer
///   exits lets the task go on after the failure it reported);
/// - the library's prints to stdout and the task's does not (`echo ... >&2` against plain
///   `echo`): never; the task's stdout is its result, which a caller may capture;
/// - they write to different streams otherwise: safe only when no call's standard output is
///   captured inside the task. Bash hands a function's stdout to `$(...)` and to
///   the next command of a pipeline (bash manual, "Command Substitution", "Pipelines"), so a
///   log line moved from stderr to stdout ends up inside the captured value
///   (`url="$(repo_url images)"` with `repo_url` calling `log`).
/// Any other difference stays too (the session-14 tester's D1: `kc` with another namespace,
/// a `cleanup` hook the library defines as `:`), with the finding saying why.
enum HelperReplacement {
    /// Why the task's copy must stay, or nil when the library's body can replace it.
    static func keepReason(own: ShellFunction, library: ShellFunction, in script: ShellScript) -> String? {
        if own.normalizedBody == library.normalizedBody { return nil }
        if exits(own) != exits(library) {
            return exits(own) ? "this one stops the task and the library's does not"
                : "the library's stops the task and this one does not"
        }
        if streams(library).contains(.stdout), !streams(own).contains(.stdout) {
            return "the library's prints to stdout where this one does not, so the task's own output "
                + "(what a caller of the task or a `$(...)` captures) would gain its lines"
        }
        if streams(own) != streams(library), let line = capturedCall(of: own.name, in: script) {
            return "they write to different streams and line \(line) captures its output, "
                + "so the library's log lines would end up in the captured value"
        }
        // Any other difference is the task's own version (a wrapper with other flags, a hook
        // the library leaves as a placeholder for tasks to fill, a log prefix, an exit code):
        // bash runs the definition read last, so a task that defines it after sourcing the
        // library runs its own. Swapping one body for another changes what the calls do.
        return "its body differs from the library's (the task's own version), and only a copy with the same body gives way to the library's"
    }

    /// The first call to `fn` that runs after the task defines it and before line `loadLine`
    /// (where the library is sourced), with the top-level call that makes it: a direct call
    /// (`info "pool"` at the top level, in an `if` or a loop), or a call to a function of the
    /// task whose body reaches `fn` (`setup` calling `info`). Bash looks a function up when
    /// the call runs (bash manual, "Shell Functions"): until the library is sourced, only the
    /// task's own copy answers such a call, so removing it makes the call fail
    /// (`info: command not found`). A call in a function body runs when that function is
    /// called, so only top-level calls count, each through what it reaches.
    static func earlyCall(of fn: ShellFunction, before loadLine: Int, in script: ShellScript) -> (line: Int, via: String?)? {
        // Every function of the task whose call reaches `fn`: itself and its callers.
        var reaches: Set<String> = [fn.name]
        var grew = true
        while grew {
            grew = false
            for cmd in script.commands {
                guard let callee = cmd.name, reaches.contains(callee), let caller = cmd.functionName,
                      !reaches.contains(caller) else { continue }
                reaches.insert(caller)
                grew = true
            }
        }
        let call = script.commands.first { cmd in
            guard let callee = cmd.name, reaches.contains(callee), cmd.functionName == nil else { return false }
            return cmd.startLine > fn.endLine && cmd.startLine < loadLine
        }
        return call.map { ($0.startLine, $0.name == fn.name ? nil : $0.name) }
    }

    /// `exit` as a word of the body (not `exit_code`, not `trap ... EXIT`).
    /// Read as the pattern `(^|[\s;{&|(])exit($|[\s;}])` would, without a regular expression
    /// (asked for every copy of every helper in every view).
    static func exits(_ fn: ShellFunction) -> Bool {
        let body = fn.normalizedBody
        var rest = body[...]
        while let hit = rest.firstRange(of: "exit") {
            let before = hit.lowerBound == body.startIndex ? nil : body[body.index(before: hit.lowerBound)]
            let after = hit.upperBound == body.endIndex ? nil : body[hit.upperBound]
            let opens = before.map { $0.isWhitespace || ";{&|(".contains($0) } ?? true
            let closes = after.map { $0.isWhitespace || ";}".contains($0) } ?? true
            if opens && closes { return true }
            rest = body[hit.upperBound...]
        }
        return false
    }

    enum Stream: Hashable { case stdout, stderr }

    /// The streams the body's own output commands write to; calls to other helpers are not
    /// followed (an empty set when the body prints nothing itself).
    static func streams(_ fn: ShellFunction) -> Set<Stream> {
        var out: Set<Stream> = []
        for segment in listSegments(fn.normalizedBody) {
            let prints = segment.split(separator: " ").contains { word in
                var w = word[...]
                while let c = w.first, "{}()".contains(c) { w = w.dropFirst() }
                while let c = w.last, "{}()".contains(c) { w = w.dropLast() }
                return w == "echo" || w == "printf" || w == "cat"
            }
            guard prints else { continue }
            out.insert(segment.contains(">&2") || segment.contains("/dev/stderr") ? .stderr : .stdout)
        }
        return out
    }

    /// The non-empty pieces of `text` between `;`, `&&` and `||`.
    static func listSegments(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            var width = 0
            if c == ";" {
                width = 1
            } else if c == "&" || c == "|", let next = text.index(i, offsetBy: 1, limitedBy: text.endIndex),
                      next < text.endIndex, text[next] == c {
                width = 2
            }
            guard width > 0 else { i = text.index(after: i); continue }
            if start < i { out.append(text[start..<i]) }
            i = text.index(i, offsetBy: width)
            start = i
        }
        if start < text.endIndex { out.append(text[start...]) }
        return out
    }

    /// The first line where a call to `name` (directly, or through a function of the script
    /// that calls it) has its standard output captured by a substitution or a pipe.
    static func capturedCall(of name: String, in script: ShellScript) -> Int? {
        // Every name whose output carries `name`'s: itself and the functions that call it.
        var carriers: Set<String> = [name]
        var grew = true
        while grew {
            grew = false
            for cmd in script.commands {
                guard let callee = cmd.name, carriers.contains(callee), let caller = cmd.functionName,
                      !carriers.contains(caller), !redirectsStdout(cmd) else { continue }
                carriers.insert(caller)
                grew = true
            }
        }
        return script.commands.first { cmd in
            guard let callee = cmd.name, carriers.contains(callee), !redirectsStdout(cmd) else { return false }
            return cmd.enclosing.contains(.substitution) || cmd.operatorAfter == "|" || cmd.operatorAfter == "|&"
        }?.startLine
    }

    /// `f >&2`, `f >/dev/null`, `f > file`: the call's stdout goes elsewhere, not into the capture.
    private static func redirectsStdout(_ cmd: ShellCommand) -> Bool {
        cmd.redirections.contains { r in
            (r.fd == nil || r.fd == "1") && [">", ">|", ">>", ">&", "&>", "&>>"].contains(r.op) && r.target != nil
        }
    }
}
