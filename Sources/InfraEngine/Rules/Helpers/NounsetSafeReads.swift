import Foundation
import ShellReader

/// Adding `set -u` to a task that has none must not make it fail (issue 12: optional parameters).
///
/// Under `set -u` bash stops at "an attempt to expand an unset variable or parameter other
/// than the special parameters `@` or `*`" (bash manual, The Set Builtin). A task without it
/// that reads `$1` bare (`CTX=$1; if [ -z "$CTX" ]; then CTX=$(kubectl config
/// current-context); fi`) works without an argument; with `-u` it dies with
/// `$1: unbound variable`. `${1:-}` expands to the same empty word without `-u` and is
/// allowed under it, so the strict-mode patch rewrites those reads and the script keeps its
/// behaviour. Only reads in the script's own top level are rewritten: a function's `$1` is
/// the argument its caller (the script itself) passes.
enum NounsetSafeReads {
    /// Lines holding a bare positional parameter read (`$1`, `${1}`) outside functions.
    static func barePositionalLines(_ script: ShellScript) -> [Int] {
        let lines = script.expansions.filter { e in
            e.name.count == 1 && ("1"..."9").contains(e.name) && e.op == nil && !e.isLength && !e.isIndirect
                && !e.enclosing.contains { if case .function = $0 { return true }; return false }
        }.map(\.line)
        return Array(Set(lines)).sorted()
    }

    /// `line` with every bare `$N` / `${N}` outside single quotes written `${N:-}`.
    static func rewrite(_ line: String) -> String {
        var out = ""
        let chars = Array(line)
        var i = 0
        var inSingle = false
        var inDouble = false
        while i < chars.count {
            let c = chars[i]
            if inSingle {
                if c == "'" { inSingle = false }
                out.append(c); i += 1; continue
            }
            if c == "\\", i + 1 < chars.count { out.append(c); out.append(chars[i + 1]); i += 2; continue }
            if c == "'" && !inDouble { inSingle = true; out.append(c); i += 1; continue }
            if c == "\"" { inDouble.toggle(); out.append(c); i += 1; continue }
            if c == "#" && !inDouble && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t") {
                out.append(contentsOf: chars[i...]); break
            }
            if c == "$", i + 1 < chars.count {
                let next = chars[i + 1]
                if ("1"..."9").contains(next) {
                    out += "${\(next):-}"; i += 2; continue
                }
                if next == "{", i + 3 < chars.count, ("1"..."9").contains(chars[i + 2]), chars[i + 3] == "}" {
                    out += "${\(chars[i + 2]):-}"; i += 4; continue
                }
            }
            out.append(c); i += 1
        }
        return out
    }

    /// The words the finding adds: what the patch does to keep the task working.
    static func note(_ script: ShellScript) -> String? {
        let lines = barePositionalLines(script)
        guard !lines.isEmpty else { return nil }
        let where_ = lines.map(String.init).joined(separator: ", ")
        return "; it reads positional parameters bare (line \(where_)), which `-u` would stop at when no argument "
            + "is given, so the patch writes them `${1:-}` (the same empty value as now)"
    }
}
