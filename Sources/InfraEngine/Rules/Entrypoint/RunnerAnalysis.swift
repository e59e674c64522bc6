import ShellReader

/// A script other than the entrypoint that runs the tasks.
struct Runner {
    let file: ShellFile
    /// Line of the first place it runs or lists tasks.
    let line: Int
    /// Task names it lists by hand, with the line of the list (nil when it discovers them).
    let handList: (names: [String], line: Int)?
    /// Already a thin wrapper around the entrypoint.
    let delegates: Bool
    let logsToLogsDir: Bool

    /// Finds the runners among the scaffolding's other scripts.
    static func all(in reality: RepoReality) -> [Runner] {
        reality.memo.value("runners") { find(in: reality) }
    }

    private static func find(in reality: RepoReality) -> [Runner] {
        let entry = reality.layout.entrypoint
        let entryName = String(entry.split(separator: "/").last ?? "")
        let taskNames = Set(reality.tasks.map(\.name))
        let tasksFolderName = String(reality.layout.tasksDir.split(separator: "/").last ?? "tasks")
        return reality.otherScripts.compactMap { file -> Runner? in
            let script = file.script
            var firstLine: Int?
            var listed: [String] = []
            var known: Set<String> = []  // `listed` as a set: a runner's list may name a thousand tasks
            var listLine: Int?
            func note(_ line: Int) { firstLine = min(firstLine ?? line, line) }
            for cmd in script.commands {
                for word in cmd.words where mentionsTasks(word.unquotedText, folder: tasksFolderName) { note(cmd.startLine) }
            }
            for loop in script.loops {
                let names = loop.words.compactMap { taskName(in: $0.unquotedText) }
                if !names.isEmpty {
                    listed += names
                    known.formUnion(names)
                    listLine = listLine ?? loop.startLine
                    note(loop.startLine)
                }
                if loop.words.contains(where: { mentionsTasks($0.unquotedText, folder: tasksFolderName) }) { note(loop.startLine) }
            }
            // Arrays of task names (`TASKS=(010-a 020-b ...)`), possibly over several lines.
            for (i, raw) in script.lines.enumerated() where !raw.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                let names = raw.split(whereSeparator: { " \t()\"'=".contains($0) }).compactMap { taskName(in: String($0)) }
                let fresh = names.filter { !known.contains($0) }
                if !fresh.isEmpty, script.loops.allSatisfy({ !(($0.startLine)...($0.startLine)).contains(i + 1) }) {
                    listed += fresh
                    known.formUnion(fresh)
                    listLine = listLine ?? i + 1
                }
            }
            let delegates = script.commands.contains { cmd in cmd.words.contains { $0.unquotedText.hasSuffix("/" + entryName) || $0.unquotedText == entryName } }
            guard firstLine != nil || !listed.isEmpty || delegates else { return nil }
            // A wrapper is a script whose only real work is handing over to the entrypoint.
            let work = script.commands.filter { !["set", "exec", "cd", "dirname", "source", ".", "pwd"].contains($0.name ?? "") }
            let isWrapper = delegates && work.allSatisfy { cmd in cmd.words.contains { $0.unquotedText.hasSuffix(entryName) } }
            if isWrapper { return Runner(file: file, line: 1, handList: nil, delegates: true, logsToLogsDir: true) }
            guard firstLine != nil || listed.contains(where: taskNames.contains) else { return nil }
            let logs = script.commands.contains { cmd in
                cmd.words.contains { $0.unquotedText.contains("logs/") || $0.unquotedText.contains("/logs") }
                    || cmd.redirections.contains { ($0.target?.unquotedText ?? "").contains("logs") }
            }
            return Runner(file: file, line: firstLine ?? listLine ?? 1,
                          handList: listed.isEmpty ? nil : (listed, listLine ?? 1),
                          delegates: false, logsToLogsDir: logs)
        }
    }

    static func mentionsTasks(_ text: String, folder: String) -> Bool {
        text.contains(folder + "/") && (text.contains(".sh") || text.contains("*"))
    }

    /// `045-dns-zone`, `tasks/045-dns-zone.sh`, `./045-dns-zone.sh` -> `045-dns-zone`.
    static func taskName(in word: String) -> String? {
        var name = Substring(word.split(separator: "/").last ?? Substring(word))
        if name.hasSuffix(".sh") { name = name.dropLast(3) }
        guard InfraLayout.isNumberedScript(String(name) + ".sh"),
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else { return nil }
        return String(name)
    }
}
