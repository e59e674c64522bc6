import Foundation
import ShellReader

/// A task written for a POSIX shell (issue 12: read the shell the task names): `#!/bin/sh`, `#!/usr/bin/env dash`,
/// or no shebang with `# shellcheck shell=sh`. The helpers patch writes bash: `source`,
/// `${BASH_SOURCE[0]}` and `set -o pipefail` are not in POSIX sh (shellcheck SC3046, SC3028,
/// SC3040), and busybox or dash stop at them. Such a task is left out of the helpers patch
/// and reported at info level, so its bash neighbours still get theirs.
enum PosixTask {
    static let shells: Set<String> = ["sh", "dash", "ash", "busybox", "posh", "ksh"]

    /// The POSIX shell the task is written for, or nil for bash (or unknown).
    static func shell(_ script: ShellScript) -> String? {
        if let shebang = script.shebang {
            let words = shebang.dropFirst(2).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard var program = words.first.map({ String($0.split(separator: "/").last ?? "") }) else { return nil }
            if program == "env" {
                // `env -S sh -e`, `env sh`: the first word that is not an env option.
                guard let next = words.dropFirst().first(where: { !$0.hasPrefix("-") }) else { return nil }
                program = String(next.split(separator: "/").last ?? "")
            }
            return shells.contains(program) ? program : nil
        }
        for line in script.lines.prefix(10) {
            let text = line.trimmingWhitespace()
            guard text.hasPrefix("#"), let r = text.range(of: "shellcheck shell=") else { continue }
            let name = String(text[r.upperBound...].prefix { !$0.isWhitespace })
            return shells.contains(name) ? name : nil
        }
        return nil
    }

    static func message(_ shell: String) -> String {
        "is written for `\(shell)`, not bash: the helpers patch (a `source` line built on `BASH_SOURCE`, "
            + "`set -o pipefail`) would not run there, so it leaves this task alone; its strict mode and helpers "
            + "stay as the author wrote them"
    }
}
