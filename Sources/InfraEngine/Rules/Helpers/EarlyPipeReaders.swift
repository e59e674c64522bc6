import ShellReader

/// Pipelines whose reader may stop before its writer is done: `kubectl get ns | grep -q dev`,
/// `gcloud ... list | head -1`, `... | read -r first`. Bash gives a pipeline the status of
/// its last command, unless `pipefail` is on: then it is the status of the last command to
/// fail (bash manual, "Pipelines"). A reader that exits early leaves the writer to die of
/// SIGPIPE (status 141) as soon as its output outgrows the pipe's buffer, so a working
/// `if kubectl get ns | grep -q dev` reads as "absent" under pipefail, and `set -e` ends the
/// task on an assignment from such a pipeline. `-o pipefail` is therefore not added to a task
/// that has one: the task keeps working, and the finding says why its strict mode stops there.
enum EarlyPipeReaders {
    /// The first line where a command reads a pipe and may stop before it ends; nil when none.
    /// Readers behind `command`/`builtin`/`exec`/`timeout N`/`env` count as themselves, an
    /// endless writer (`yes`) is always cut short, and a `while read` loop whose body can
    /// `break`, `exit` or `return` stops reading (`firstPipeHazard`).
    static func firstLine(in script: ShellScript) -> Int? {
        script.commands.first { cutsPipeShort($0, in: script) }?.startLine
    }

    /// Whether `cmd` is a pipe's reader that can stop early, or a writer whose pipe is cut short.
    static func cutsPipeShort(_ cmd: ShellCommand, in script: ShellScript) -> Bool {
        ((cmd.operatorBefore == "|" || cmd.operatorBefore == "|&") && stopsEarly(cmd))
            || ((cmd.operatorAfter == "|" || cmd.operatorAfter == "|&") && (endless(cmd) || loopReaderStops(after: cmd, in: script)))
    }

    /// `yes` writes until its reader goes away, so it always ends by SIGPIPE.
    static func endless(_ cmd: ShellCommand) -> Bool {
        CalledFunctions.unwrapped(cmd).name == "yes"
    }

    /// Whether the pipeline member after `writer` is a `while`/`until` loop whose body has a
    /// `break`, `exit` or `return`: it can stop reading before the writer is done.
    static func loopReaderStops(after writer: ShellCommand, in script: ShellScript) -> Bool {
        guard let next = script.commands.filter({ $0.startOffset >= writer.endOffset }).min(by: { $0.startOffset < $1.startOffset }),
              next.enclosing.count == writer.enclosing.count + 1, Array(next.enclosing.dropLast()) == writer.enclosing,
              case .loopHead(let n)? = next.enclosing.last, n < script.loops.count,
              [.whileLoop, .untilLoop].contains(script.loops[n].kind) else { return false }
        return script.commands.contains { c in
            c.enclosing.contains(.loopBody(n)) && ["break", "exit", "return"].contains(c.name ?? "")
        }
    }

    /// `grep -q/-l/-m N` (and their long forms), `head`, `read`, `awk` with an `exit`, `sed` with
    /// a `q`, also behind `command`, `exec`, `timeout`, `env` (`CalledFunctions.unwrapped`).
    static func stopsEarly(_ cmd: ShellCommand) -> Bool {
        let (name, arguments) = CalledFunctions.unwrapped(cmd)
        let words = arguments.map(\.unquotedText)
        switch name {
        case "head":
            return true
        case "read":
            // `... | while read -r line` reads to the end; a lone `read` takes one line.
            return !cmd.enclosing.contains { if case .loopHead = $0 { return true } else { return false } }
        case "grep", "egrep", "fgrep":
            return grepStopsEarly(words)
        case "awk", "gawk", "mawk":
            return words.contains { $0.contains("exit") }
        case "sed":
            return words.contains { !$0.hasPrefix("-") && quitsSed($0) }
        default:
            return false
        }
    }

    /// `-q`, `-l`, `-L`, `-m N` and their long forms, read as grep reads its options: a
    /// value-taking option (`-e PATTERN`, `-f FILE`, `-A N`...) takes the rest of its group or
    /// the next word, so `grep -e -q` looks for "-q"; `--` ends the options.
    static func grepStopsEarly(_ words: [String]) -> Bool {
        var i = 0
        while i < words.count {
            let w = words[i]
            i += 1
            if w == "--" { return false }
            if w.hasPrefix("--") {
                if ["--quiet", "--silent", "--files-with-matches", "--files-without-match"].contains(w) || w.hasPrefix("--max-count") {
                    return true
                }
                if ["--regexp", "--file", "--after-context", "--before-context", "--context"].contains(w) { i += 1 }
                continue
            }
            guard w.hasPrefix("-"), w.count > 1 else { continue }
            for (n, letter) in w.dropFirst().enumerated() {
                if "qlLm".contains(letter) { return true }
                if "efABCdD".contains(letter) {
                    if n == w.count - 2 { i += 1 }  // the value is the next word
                    break
                }
            }
        }
        return false
    }

    /// Whether a sed script has a `q`/`Q` command: the letter after an address or a separator
    /// (`1q`, `/x/q`, `$q`, `p;q`, `{p;q}`) and before its end, an exit code or a separator
    /// (not the `q` of `s/a/q/`).
    static func quitsSed(_ script: String) -> Bool {
        let chars = Array(script)
        for (i, c) in chars.enumerated() where c == "q" || c == "Q" {
            let before: Character? = i > 0 ? chars[i - 1] : nil
            let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let opens = before.map { ";{ /$".contains($0) || $0.isNumber } ?? true
            let closes = after.map { ";} ".contains($0) || $0.isNumber } ?? true
            if opens && closes { return true }
        }
        return false
    }

    /// The info finding's message for a task whose pipeline at `line` stops reading early.
    static func message(line: Int) -> String {
        "reads a pipe with a command that can stop early (line \(line): `grep -q`, `head`, `read`...), so "
            + "`-o pipefail` is not added: under pipefail the writer's SIGPIPE (141) would fail that pipeline once "
            + "its output outgrows the pipe buffer"
    }
}
