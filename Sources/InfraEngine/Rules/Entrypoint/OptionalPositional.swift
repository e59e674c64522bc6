import Foundation
import ShellReader

/// A positional parameter the script copies and then replaces when empty is optional
/// (issue 12: optional parameters): `CTX=$1; if [ -z "$CTX" ]; then CTX=$(kubectl config
/// current-context); fi`. Only a bare read under `set -u` looks required (bash stops at an
/// unset parameter, bash manual "The Set Builtin"); a script whose next use of the copy is
/// an emptiness test (`-z`, `-n`) or a default (`${CTX:-...}`, `${CTX:=...}`) has a fallback,
/// so its runner may call it without arguments.
enum OptionalPositional {
    static func fallsBack(_ script: ShellScript, line: Int, parameter: String) -> Bool {
        // The variable the read is copied into, on that line: `X=$1`, `X="$1"`, `local X=$1`.
        guard let copy = script.assignments.first(where: { a in
            a.line == line && a.value.map { v in
                let raw = v.raw.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return raw == "$" + parameter || raw == "${" + parameter + "}"
            } ?? false
        }) else { return false }
        let name = NSRegularExpression.escapedPattern(for: copy.name)
        let test = #"(-[zn]\s+"?\$\{?"# + name + #"\}?"?(\s|$|;|\]))|\$\{"# + name + #":?[-=]"#
        guard let regex = try? NSRegularExpression(pattern: test) else { return false }
        for text in script.lines.dropFirst(line - 1) {
            let s = String(text)
            if regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil { return true }
        }
        return false
    }
}
