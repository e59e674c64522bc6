import Foundation
import ShellReader

/// A runner's own options, mapped to the entrypoint's flags (issue 13, item 1: a runner
/// becomes a delegating wrapper only when the entrypoint covers everything it does, its
/// options included).
///
/// The options are the patterns of the runner's `case "$1"`/`case "$arg"` arms (CLI
/// convention: one arm per option, `a|b)` for aliases). Each must map by its name, with no
/// guessing: `-n`/`--dry-run`/`--check`/`--plan`/`--noop` are the entrypoint's `--dry-run`,
/// `-l`/`--list` its `--list`, `--only`/`--from` (with a value) and `-y`/`--yes` the same,
/// `-h`/`--help` its help; a catch-all arm (`*)`, `-*)`) only rejects what it does not know,
/// as the entrypoint does. One option with no counterpart (`--skip-workers`) and the runner
/// is not covered: it keeps its options and only its task lines hand over, or it is left
/// alone. `getopts` optstrings are not mapped.
struct RunnerOptions: Equatable {
    /// Each spelling the runner accepts -> the entrypoint flag and whether it takes a value.
    let map: [String: Flag]

    struct Flag: Equatable {
        let name: String
        let takesValue: Bool
    }

    static let known: [String: Flag] = {
        var out: [String: Flag] = [:]
        for s in ["-n", "--dry-run", "--dryrun", "--check", "--plan", "--noop", "--what-if"] { out[s] = Flag(name: "--dry-run", takesValue: false) }
        for s in ["-l", "--list"] { out[s] = Flag(name: "--list", takesValue: false) }
        for s in ["-y", "--yes"] { out[s] = Flag(name: "--yes", takesValue: false) }
        for s in ["-h", "--help"] { out[s] = Flag(name: "--help", takesValue: false) }
        out["--only"] = Flag(name: "--only", takesValue: true)
        out["--from"] = Flag(name: "--from", takesValue: true)
        return out
    }()

    /// The runner's options mapped, or nil when it has none in `case` arms, uses `getopts`,
    /// or has one the entrypoint does not offer.
    static func of(_ script: ShellScript) -> RunnerOptions? {
        guard !script.commands.contains(where: { $0.name == "getopts" }) else { return nil }
        let lines = script.lines.map { $0.trimmingWhitespace() }
        var map: [String: Flag] = [:]
        var inCase = false
        var caseLines: [ClosedRange<Int>] = []
        var caseStart = 0
        for (i, line) in lines.enumerated() {
            if !inCase {
                inCase = line.hasPrefix("case ") && line.hasSuffix(" in") && line.contains("$")
                caseStart = i + 1
                continue
            }
            if line == "esac" || line.hasPrefix("esac ") || line.hasPrefix("esac;") {
                inCase = false
                caseLines.append(caseStart...(i + 1))
                continue
            }
            guard let close = armEnd(line) else { continue }
            let patterns = line[..<close].split(separator: "|").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " (\"'")) }
            if patterns.allSatisfy({ $0 == "*" || $0 == "-*" || $0 == "--*" || $0 == "--" }) { continue }
            // The arm's body: the rest of the line and the lines up to `;;`.
            var body = String(line[line.index(after: close)...])
            var j = i + 1
            while !body.contains(";;"), j < lines.count { body += "\n" + lines[j]; j += 1 }
            // An arm that reads `$2` or shifts takes a value.
            let consumes = body.contains("$2") || body.contains("${2") || body.contains("shift")
            for pattern in patterns {
                guard let flag = known[pattern], flag.takesValue == consumes else { return nil }
                map[pattern] = flag
            }
        }
        // Every argument it reads is read by those arms (`"$@"` only as a loop's words).
        let loopHeads = Set(script.loops.map(\.startLine))
        for e in script.expansions where !e.inHeredoc && ["1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*"].contains(e.name) {
            if e.enclosing.contains(where: \.isFunction) { continue }
            if (e.name == "@" || e.name == "*") && loopHeads.contains(e.line) { continue }
            guard caseLines.contains(where: { $0.contains(e.line) }) else { return nil }
        }
        return map.isEmpty ? nil : RunnerOptions(map: map)
    }

    /// `args` (as a doc passes them) in the entrypoint's flags, or nil when one is unknown.
    func translated(_ args: [String]) -> [String]? {
        var out: [String] = []
        var i = 0
        while i < args.count {
            guard let flag = map[args[i]] else { return nil }
            out.append(flag.name)
            if flag.takesValue {
                guard i + 1 < args.count else { return nil }
                out.append(args[i + 1])
                i += 1
            }
            i += 1
        }
        return out
    }

    /// The `)` that ends a case arm's patterns (`-n|--dry-run)`), when the line starts one.
    private static func armEnd(_ line: String) -> String.Index? {
        // Any arm counts, not only `-x)` ones: a `prod|staging)` arm is a positional argument
        // the entrypoint does not take.
        guard let first = line.first, first != "#", let close = line.firstIndex(of: ")") else { return nil }
        let head = line[..<close]
        guard !head.contains(" "), !head.contains("$"), !head.contains("=") else { return nil }
        return close
    }

    /// The wrapper's option translation, one `case` arm per entrypoint flag (spellings sorted).
    /// `posix`: for a POSIX sh wrapper that rebuilds its arguments in place (`set -- "$@" ...`,
    /// counting them in `n`) instead of collecting them in a bash array.
    func translation(posix: Bool = false) -> [String] {
        let byFlag = Dictionary(grouping: map.keys.sorted()) { map[$0]!.name }
        var out: [String] = []
        for flag in byFlag.keys.sorted() {
            let spellings = byFlag[flag]!.joined(separator: "|")
            let check = "[ $# -ge 2 ] || { echo \"\(flag) needs a task\" >&2; exit 2; }"
            if posix {
                out.append(map[byFlag[flag]![0]]!.takesValue
                    ? "    \(spellings)) \(check.replacingOccurrences(of: "$# -ge", with: "\"$n\" -ge")); set -- \"$@\" \(flag) \"$2\"; shift; n=$((n - 1)) ;;"
                    : "    \(spellings)) set -- \"$@\" \(flag) ;;")
                continue
            }
            out.append(map[byFlag[flag]![0]]!.takesValue
                ? "    \(spellings)) \(check); args+=(\(flag) \"$2\"); shift ;;"
                : "    \(spellings)) args+=(\(flag)) ;;")
        }
        return out
    }
}
