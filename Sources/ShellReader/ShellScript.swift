/// Reads bash source into a model rules can trust.
public enum ShellReader {
    /// Parses bash source. `path` is only carried through for messages. Never fails: what
    /// cannot be read becomes a diagnostic and reading resumes at the next sensible point.
    public static func read(_ text: String, path: String = "") -> ShellScript {
        var parser = Parser(bytes: Array(text.utf8))
        parser.parseProgram()
        return parser.finish(text: text, path: path)
    }
}

public struct StrictMode: Sendable, Equatable {
    /// set -e / -o errexit
    public var errexit = false
    /// set -u / -o nounset
    public var nounset = false
    /// set -o pipefail
    public var pipefail = false
    /// set -E / -o errtrace
    public var errtrace = false
    /// Line of the first `set` that enabled errexit (nil when errexit ends up off).
    public var line: Int?
    public var isStrict: Bool { errexit && nounset && pipefail }

    public init() {}

    public init(errexit: Bool, nounset: Bool, pipefail: Bool, errtrace: Bool = false, line: Int? = nil) {
        self.errexit = errexit
        self.nounset = nounset
        self.pipefail = pipefail
        self.errtrace = errtrace
        self.line = line
    }
}

/// A class, though a value in every other respect (every property is a constant), as
/// `ShellCommand` is: the engine passes scripts around in every view of a plan, and copying a
/// struct of a dozen arrays retained and released each of them (a fifth of planning a large
/// repository went to reference counting).
public final class ShellScript: Sendable {
    public let path: String
    public let text: String
    /// The text split on "\n" bytes; a trailing "\r" stays in its line.
    public let lines: [Substring]
    /// The first line if it starts with "#!".
    public let shebang: String?
    /// Every simple command in source order, nested ones included.
    public let commands: [ShellCommand]
    public let functions: [ShellFunction]
    public let assignments: [ShellAssignment]
    public let expansions: [ShellExpansion]
    public let loops: [ShellLoop]
    public let conditionals: [ShellConditional]
    /// Brace groups and subshells in source order, with the operators around each.
    public let groups: [ShellGroup]
    public let heredocs: [ShellHeredoc]
    public let diagnostics: [ShellDiagnostic]

    init(path: String, text: String, lines: [Substring], shebang: String?, commands: [ShellCommand],
         functions: [ShellFunction], assignments: [ShellAssignment], expansions: [ShellExpansion], loops: [ShellLoop],
         conditionals: [ShellConditional], groups: [ShellGroup] = [], heredocs: [ShellHeredoc], diagnostics: [ShellDiagnostic]) {
        self.path = path
        self.text = text
        self.lines = lines
        self.shebang = shebang
        self.commands = commands
        self.functions = functions
        self.assignments = assignments
        self.expansions = expansions
        self.loops = loops
        self.conditionals = conditionals
        self.groups = groups
        self.heredocs = heredocs
        self.diagnostics = diagnostics
        strictMode = Self.strictMode(shebang: shebang, commands: commands)
    }

    /// Commands named `source` or `.`.
    public var sources: [ShellCommand] { commands.filter { $0.name == "source" || $0.name == "." } }

    public func commands(named name: String) -> [ShellCommand] { commands.filter { $0.name == name } }

    /// Options switched on by the shebang and by `set` commands that run in the script's own
    /// shell (not in functions, subshells or substitutions), minus later `set +x`. Worked out
    /// once, when the script is read: the engine asks it of every task in every view.
    public let strictMode: StrictMode

    private static func strictMode(shebang: String?, commands: [ShellCommand]) -> StrictMode {
        var mode = StrictMode()
        var firstErrexit: Int?
        func apply(_ option: String, _ on: Bool, line: Int) {
            switch option {
            case "e", "errexit":
                if on && firstErrexit == nil { firstErrexit = line }
                mode.errexit = on
            case "u", "nounset": mode.nounset = on
            case "E", "errtrace": mode.errtrace = on
            case "pipefail": mode.pipefail = on
            default: break
            }
        }
        func applyArguments(_ args: [String], line: Int) {
            var i = 0
            while i < args.count {
                let arg = args[i]
                i += 1
                if arg == "--" || arg == "-" { return }
                guard let sign = arg.first, sign == "-" || sign == "+", arg.count > 1 else { continue }
                for letter in arg.dropFirst() {
                    if letter == "o" {
                        // Each `o` in a cluster takes the next argument as its option name.
                        guard i < args.count else { break }
                        apply(args[i], sign == "-", line: line)
                        i += 1
                    } else {
                        apply(String(letter), sign == "-", line: line)
                    }
                }
            }
        }
        if let shebang {
            // `#!/bin/bash -eu`; `#!/usr/bin/env bash -e` only works with `env -S` but says the same.
            applyArguments(shebang.split(separator: " ").dropFirst().map(String.init), line: 1)
        }
        for command in commands where command.name == "set" && Self.runsInMainShell(command) {
            applyArguments(command.arguments.map { $0.literal ?? "" }, line: command.startLine)
        }
        mode.line = mode.errexit ? firstErrexit : nil
        return mode
    }

    private static func runsInMainShell(_ command: ShellCommand) -> Bool {
        !command.enclosing.contains { construct in
            switch construct {
            case .function, .subshell, .substitution: return true
            default: return false
            }
        }
    }
}
