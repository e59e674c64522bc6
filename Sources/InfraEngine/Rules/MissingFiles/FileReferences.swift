import Foundation
import ShellReader

/// A path a script sources, applies or runs, resolved to repository paths.
struct FileReference {
    enum Kind: String { case sources, applies, runs }
    let file: ShellFile
    let command: ShellCommand
    let kind: Kind
    /// The word naming the path.
    let word: ShellWord
    /// Repository paths it may mean (a loop over names gives several; a bare relative path
    /// is tried from the script's folder and from the repository root).
    let candidates: [String]
    /// True for `kubectl apply -k` and trailing-slash folders.
    let isFolder: Bool
    /// When the path comes from a loop over names: the line of that list.
    let listLine: Int?
}

/// Finds the file references of the scaffolding's scripts.
enum FileReferences {
    static func all(in reality: RepoReality) -> [FileReference] {
        let managed = reality.entrypoint.map { EntrypointConformance.isManaged($0) } ?? false
        let files = reality.tasks + reality.libraries + reality.otherScripts + (managed ? [] : reality.entrypoint.map { [$0] } ?? [])
        return files.flatMap { references(in: $0) }
    }

    /// `startingOn`: only the commands that start on these lines (a patch's own lines).
    static func references(in file: ShellFile, startingOn lines: Set<Int>? = nil) -> [FileReference] {
        let script = file.script
        let folder = parentFolder(file.path)
        let dirVars = ScriptPaths.scriptDirVariables(in: script)
        var roots: [String: String] = [:]
        for a in script.assignments where a.enclosing.isEmpty {
            if let value = a.value?.unquotedText, let dir = folderOfScript(value, folder: folder) { roots[a.name] = dir }
        }
        // The working folder after each top-level `cd` (line -> folder).
        var cds: [(line: Int, dir: String)] = []
        for cmd in script.commands where cmd.name == "cd" && cmd.enclosing.isEmpty {
            guard let arg = cmd.arguments.first, let dir = resolve(arg.unquotedText, folder: folder, cwd: nil, dirVars: dirVars, roots: roots).first
            else { cds.append((cmd.startLine, "")); continue }
            cds.append((cmd.startLine, dir))
        }
        var out: [FileReference] = []
        var tokens: [Substring: Int]?  // built on first need: a runner's list may name thousands of tasks
        for cmd in script.commands where !cmd.enclosing.contains(.substitution) {
            if let lines, !lines.contains(cmd.startLine) { continue }
            guard let (kind, index, isFolder) = target(cmd) else { continue }
            let word = cmd.words[index]
            let cwd = cds.last { $0.line < cmd.startLine }.map(\.dir)
            if cwd == "" { continue }  // an unknown `cd` came first
            var texts = [word.unquotedText]
            var listLine: Int?
            if let (loop, names) = loopNames(cmd, script: script), texts[0].contains("$" + loop) || texts[0].contains("${\(loop)}") {
                texts = names.map { texts[0].replacingOccurrences(of: "${\(loop)}", with: $0).replacingOccurrences(of: "$" + loop, with: $0) }
                listLine = script.loops.first { $0.variable == loop }?.startLine
            }
            for text in texts {
                // The line of the list item this path came from, where a person would edit it.
                var item: Int?
                if texts.count > 1 || listLine != nil {
                    if tokens == nil { tokens = tokenLines(script) }
                    item = tokens?[Substring(InfraLayout.taskName(text))] ?? listLine
                }
                if text.contains("*") || text.contains("?") || text.contains("[") { continue }
                let candidates = resolve(text, folder: folder, cwd: cwd, dirVars: dirVars, roots: roots)
                guard !candidates.isEmpty else { continue }
                out.append(FileReference(file: file, command: cmd, kind: kind, word: word, candidates: candidates,
                                         isFolder: isFolder || text.hasSuffix("/"), listLine: item))
            }
        }
        return out
    }

    /// What the command does with a path, and which word names it.
    static func target(_ cmd: ShellCommand) -> (FileReference.Kind, Int, Bool)? {
        let words = cmd.words
        guard let first = words.first else { return nil }
        let name = first.literal ?? ""
        if (name == "source" || name == ".") && words.count > 1 { return (.sources, 1, false) }
        if (name == "bash" || name == "sh") {
            guard let i = words.indices.dropFirst().first(where: { !words[$0].unquotedText.hasPrefix("-") }) else { return nil }
            return (.runs, i, false)
        }
        if name == "kubectl" {
            guard words.contains(where: { ["apply", "create", "replace"].contains($0.literal ?? "") }) else { return nil }
            for i in words.indices.dropFirst() {
                let w = words[i].unquotedText
                if (w == "-f" || w == "--filename" || w == "-k" || w == "--kustomize"), i + 1 < words.count {
                    if words[i + 1].unquotedText == "-" { return nil }
                    return (.applies, i + 1, w == "-k" || w == "--kustomize")
                }
            }
            return nil
        }
        // `./x.sh`, `"$DIR/x.sh"`: a script run by its path.
        let text = first.unquotedText
        if text.contains("/"), text.hasSuffix(".sh") || text.hasSuffix(".bash") { return (.runs, 0, false) }
        return nil
    }

    /// The loop variable around `cmd` and the literal names it runs over.
    static func loopNames(_ cmd: ShellCommand, script: ShellScript) -> (String, [String])? {
        for construct in cmd.enclosing.reversed() {
            guard case .loopBody(let i) = construct, i < script.loops.count else { continue }
            let loop = script.loops[i]
            guard loop.kind == .forIn, let v = loop.variable else { continue }
            var names: [String] = []
            for w in loop.words {
                if let literal = w.literal { names.append(literal); continue }
                // `"${TASKS[@]}"`: the literal items of a top-level array assignment.
                guard let array = RequiredEnvironment.variableName(in: w.unquotedText),
                      let items = arrayItems(array, script: script) else { return nil }
                names += items
            }
            return (v, names)
        }
        return nil
    }

    /// The first non-comment line naming the task a path ends in (`080-monitoring`).
    /// The first line (1-based, comments skipped) on which each word of the script appears,
    /// words split at blanks, parentheses and quotes: where a list item is written.
    static func tokenLines(_ script: ShellScript) -> [Substring: Int] {
        var out: [Substring: Int] = [:]
        for (i, line) in script.lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            for token in line.split(whereSeparator: { " \t()\"'".contains($0) }) where out[token] == nil { out[token] = i + 1 }
        }
        return out
    }

    /// `NAME=( a b c )`, possibly over several lines, read from the source text.
    static func arrayItems(_ name: String, script: ShellScript) -> [String]? {
        guard let a = script.assignments.first(where: { $0.name == name && $0.enclosing.isEmpty }) else { return nil }
        var text = ""
        for line in script.lines[(a.line - 1)...] {
            text += String(line) + "\n"
            if line.contains(")") { break }
        }
        guard let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")"), open < close else { return nil }
        let items = text[text.index(after: open)..<close].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard items.allSatisfy({ !$0.contains("$") && !$0.hasPrefix("#") }) else { return nil }
        return items.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
    }

    /// `$(cd "$(dirname "$0")/.." && pwd)` and friends -> the folder they name.
    static func folderOfScript(_ value: String, folder: String) -> String? {
        for spelling in ScriptPaths.scriptDirSpellings where value == spelling { return folder }
        for head in ["$(cd \"$(dirname \"$0\")", "$(cd \"$(dirname \"${BASH_SOURCE[0]}\")"] {
            guard value.hasPrefix(head), value.hasSuffix("\" && pwd)") else { continue }
            let rel = value.dropFirst(head.count).dropLast("\" && pwd)".count)
            return joinPath(folder, "." + rel)
        }
        return nil
    }

    /// Repository paths `text` may mean; empty when it depends on something unknown.
    static func resolve(_ text: String, folder: String, cwd: String?, dirVars: Set<String>, roots: [String: String]) -> [String] {
        for spelling in ScriptPaths.scriptDirSpellings where text.hasPrefix(spelling) {
            return joinPath(folder, "." + text.dropFirst(spelling.count)).map { [$0] } ?? []
        }
        var bases: [String: String] = roots
        for v in dirVars { bases[v] = folder }
        for (name, dir) in bases {
            for spelling in ["${\(name)}", "$\(name)"] where text.hasPrefix(spelling + "/") {
                return joinPath(dir, "." + text.dropFirst(spelling.count)).map { [$0] } ?? []
            }
        }
        if text.contains("$") || text.contains("`") || text.hasPrefix("/") || text.hasPrefix("~") || text.isEmpty { return [] }
        let folders = cwd.map { [$0] } ?? [folder, ""]
        var out: [String] = []
        for f in folders { if let p = joinPath(f, text), !out.contains(p) { out.append(p) } }
        return out
    }
}
