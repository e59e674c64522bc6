import ShellReader

/// A file that is sourced never changes the options of the shell that sources it: `set -e`,
/// `set -u` or `set -o pipefail` at a library's top level runs in the caller's shell (bash
/// manual, "Bourne Shell Builtins": `source` reads and executes commands in the current
/// shell). In a task that is redundant at best; in a person's terminal, where docs often
/// invite sourcing helpers, the first failing command or unset variable closes the shell.
/// Strict mode belongs in each task and the entrypoint (issue 12 item 7).
public struct LibraryShellOptionsRule: Rule {
    public let id = "library-options"
    public let purpose = "Sourced libraries leave the caller's shell options alone; strict mode is set by each task."

    public init() {}

    /// One top-level `set` of a sourced file that switches on strict options.
    struct OptionsLine {
        let library: ShellFile
        let command: ShellCommand
        /// Long names of the options it switches on: errexit, nounset, pipefail, errtrace.
        let options: [String]
        /// Every argument is one of those options, so the line can go as a whole.
        let onlyStrict: Bool
    }

    static func optionLines(in reality: RepoReality) -> [OptionsLine] {
        reality.memo.value("library-option-lines") {
            var out: [OptionsLine] = []
            for lib in sourcedLibraries(in: reality) {
                for command in lib.script.commands where command.name == "set" && command.enclosing.isEmpty {
                    let (options, onlyStrict) = strictOptions(command.arguments.map { $0.literal ?? "?" })
                    if !options.isEmpty { out.append(OptionsLine(library: lib, command: command, options: options, onlyStrict: onlyStrict)) }
                }
            }
            return out
        }
    }

    /// Libraries under lib/ and every script a task sources (a sibling `env.sh`...).
    static func sourcedLibraries(in reality: RepoReality) -> [ShellFile] {
        var seen = Set(reality.libraries.map(\.path))
        var out = reality.libraries
        for task in reality.tasks {
            for lib in SourceGraph.closure(of: task, in: reality) where seen.insert(lib.path).inserted && !isTask(lib, reality) {
                out.append(lib)
            }
        }
        return out
    }

    private static func isTask(_ file: ShellFile, _ reality: RepoReality) -> Bool {
        reality.task(at: file.path) != nil || reality.entrypoint?.path == file.path
    }

    /// `-euo pipefail`, `-o errexit -o nounset`, `-eu`: the strict options switched on, and
    /// whether nothing else is in the command.
    static func strictOptions(_ args: [String]) -> ([String], Bool) {
        let short: [Character: String] = ["e": "errexit", "u": "nounset", "E": "errtrace"]
        var out: [String] = []
        var onlyStrict = true
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            guard arg.hasPrefix("-"), arg.count > 1, arg != "--" else { onlyStrict = false; continue }
            for letter in arg.dropFirst() {
                if letter == "o" {
                    guard i < args.count else { onlyStrict = false; break }
                    let name = args[i]
                    i += 1
                    if ["errexit", "nounset", "pipefail", "errtrace"].contains(name) { out.append(name) } else { onlyStrict = false }
                } else if let name = short[letter] {
                    out.append(name)
                } else {
                    onlyStrict = false
                }
            }
        }
        return (out, onlyStrict)
    }

    /// Doc lines that tell a person to source the library by hand (`source X` / `. X` in a
    /// code block, fenced or indented, or an inline span): (doc path, line).
    static func interactiveSources(of library: String, in reality: RepoReality) -> [(String, Int)] {
        var out: [(String, Int)] = []
        for doc in reality.docs {
            for (i, raw) in doc.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.drop { $0 == " " || $0 == "\t" || $0 == "`" || $0 == "$" }
                guard line.hasPrefix("source ") || line.hasPrefix(". ") else { continue }
                let named = line.split(separator: " ").dropFirst().first.map { String($0.filter { $0 != "`" && $0 != "\"" }) } ?? ""
                let clean = named.hasPrefix("./") ? String(named.dropFirst(2)) : named
                if clean == library || joinPath(parentFolder(doc.path), clean) == library { out.append((doc.path, i + 1)) }
            }
        }
        return out
    }

    public func findings(in reality: RepoReality) -> [Finding] {
        var out: [Finding] = []
        for line in Self.optionLines(in: reality) {
            let spelled: String = line.command.words.map(\.raw).joined(separator: " ")
            let options: String = line.options.joined(separator: ", ")
            let docs: [String] = Self.interactiveSources(of: line.library.path, in: reality).map { "\($0.0):\($0.1)" }
            var terminal = "including a person's terminal when they source it"
            if !docs.isEmpty { terminal = "including a person's terminal: \(docs.joined(separator: ", ")) sources it by hand" }
            var message = "sourcing this file runs `\(spelled)` (\(options)) in whatever shell sources it, \(terminal); "
                + "there the first failing command or unset variable closes the shell. Strict mode belongs in each task and the entrypoint"
            let relying = Self.relyingSourcers(of: line.library.path, options: Set(line.options), in: reality)
            if !relying.isEmpty {
                let one = relying.count == 1
                message += ". \(relying.joined(separator: ", ")) \(one ? "sources" : "source") it without setting "
                    + "\(line.options.count == 1 ? "that option" : "those options") \(one ? "itself" : "themselves") and "
                    + "\(one ? "has" : "have") them only through this line, "
                    + "so the line stays until \(one ? "it sets" : "they set") them"
            }
            out.append(Finding(rule: id, key: "options-\(line.command.startLine)", file: line.library.path, line: line.command.startLine,
                               message: message))
        }
        return out
    }
}
