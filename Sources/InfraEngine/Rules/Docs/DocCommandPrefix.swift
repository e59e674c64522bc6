import Foundation

/// What stands in front of the script on a documented command line (issue 12: keep what the docs ran).
///
/// `OVERLAY=prod ai/infra/tasks/020-deploy.sh` runs the task with `OVERLAY=prod` in its
/// environment (bash manual, "Simple Command Expansion": assignments before the command name
/// go to that command's environment). The entrypoint hands its environment to the tasks it
/// runs (EntrypointScript's `run_task` runs `bash "$TASKS_DIR/$t.sh"`, inheriting it), so the
/// rewritten line keeps the assignments: `OVERLAY=prod ./ai/infra/init.sh --only 020-deploy`.
/// Without them the prod deploy would deploy the default overlay.
///
/// `bash -x task.sh` (trace) or `bash -n task.sh` (syntax check only) asks the shell for
/// something the entrypoint does not do; such a line is not a way to run the tasks and stays.
enum DocCommandPrefix {
    private static let assignment = try! NSRegularExpression(
        pattern: #"^(?:[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|'[^']*'|[^\s"']*)\s+)+"#)

    /// The `NAME=value ` words at the start of the command, as written (with their spacing).
    static func environment(_ command: DocCommand) -> String {
        let text = command.command
        // Most lines start with no `NAME=`: told from the bytes before the regex runs (it bridges to NSString).
        let name = text.utf8.prefix { $0 == UInt8(ascii: "_") || ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z")
            || $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !name.isEmpty, text.utf8.dropFirst(name.count).first == UInt8(ascii: "=") else { return "" }
        guard let m = assignment.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let r = Range(m.range, in: text) else { return "" }
        return String(text[r])
    }

    static let shells: Set<String> = ["bash", "sh", "dash", "zsh", "ksh"]

    /// `bash -x script`, `sh -n script`, `bash -o xtrace script`: the shell gets options of its own.
    static func interpreterHasOptions(_ command: DocCommand) -> Bool {
        guard let first = command.words.first, shells.contains(String(first.split(separator: "/").last ?? "")),
              let script = command.script, let at = command.words.firstIndex(of: script) else { return false }
        return command.words[1..<at].contains { $0.hasPrefix("-") || $0.hasPrefix("+") }
    }
}
