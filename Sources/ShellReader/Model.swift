import Foundation

public struct StrictMode: Sendable, Equatable {
    public var errexit = false
    public var nounset = false
    public var pipefail = false
    public var errtrace = false
    /// Line of the `set` command that enabled errexit (nil if none).
    public var line: Int?
    public var isStrict: Bool { errexit && nounset && pipefail }
    public init() {}
}

public struct ShellWord: Sendable, Equatable {
    /// Source text exactly as written, quotes included.
    public let raw: String
    /// Value after quote removal when the word is fully static; nil otherwise.
    public let literal: String?
    /// Value after quote removal with expansions left as written.
    public let unquotedText: String
    public let line: Int
    public let hasExpansion: Bool
}

public struct ShellRedirection: Sendable, Equatable {
    public let op: String
    public let fd: String?
    public let target: ShellWord?
    public let heredocIndex: Int?
}

public enum ShellConstruct: Sendable, Equatable {
    case function(String)
    case ifCondition(Int)
    case ifBody(Int)
    case loopHead(Int)
    case loopBody(Int)
    case caseItem
    case subshell
    case braceGroup
    case substitution
}

public struct ShellCommand: Sendable, Equatable {
    public let words: [ShellWord]
    public let prefixAssignments: [ShellAssignment]
    public let redirections: [ShellRedirection]
    public let startLine: Int
    public let endLine: Int
    public let startOffset: Int
    public let endOffset: Int
    public let enclosing: [ShellConstruct]
    public internal(set) var operatorBefore: String?
    public internal(set) var operatorAfter: String?
    public let negated: Bool
    public internal(set) var background: Bool

    public var name: String? { words.first?.literal }
    public var arguments: [ShellWord] { Array(words.dropFirst()) }
    public var functionName: String? {
        for construct in enclosing.reversed() { if case .function(let n) = construct { return n } }
        return nil
    }
    public var isInCondition: Bool {
        if enclosing.contains(where: { if case .ifCondition = $0 { return true }; if case .loopHead = $0 { return true }; return false }) {
            return true
        }
        return ["&&", "||"].contains(operatorAfter ?? "") || ["&&", "||"].contains(operatorBefore ?? "")
    }
}

public struct ShellFunction: Sendable, Equatable {
    public let name: String
    public let startLine: Int
    public let endLine: Int
    public let startOffset: Int
    public let endOffset: Int
    public let body: String
    public let normalizedBody: String
    public let enclosing: [ShellConstruct]
}

public enum AssignmentKind: Sendable, Equatable { case plain, append, export, local, readonly, declare, forLoopVariable, read, prefix }

public struct ShellAssignment: Sendable, Equatable {
    public let name: String
    public let value: ShellWord?
    public let kind: AssignmentKind
    public let line: Int
    public let enclosing: [ShellConstruct]
}

public struct ShellExpansion: Sendable, Equatable {
    public let name: String
    public let op: String?
    public let isIndirect: Bool
    public let isLength: Bool
    public let line: Int
    public let inHeredoc: Bool
    public let enclosing: [ShellConstruct]
    public var hasDefault: Bool { ["-", ":-", "=", ":=", "+", ":+", "?", ":?"].contains(op ?? "") }
}

public struct ShellLoop: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case forIn, forArithmetic, whileLoop, untilLoop, select }
    public let kind: Kind
    public let variable: String?
    public let words: [ShellWord]
    public let startLine: Int
    public internal(set) var endLine: Int
    public let enclosing: [ShellConstruct]
}

public struct ShellConditional: Sendable, Equatable {
    public let startLine: Int
    public internal(set) var endLine: Int
    public internal(set) var conditionCommandIndices: [Int]
    public let enclosing: [ShellConstruct]
}

public struct ShellHeredoc: Sendable, Equatable {
    public let delimiter: String
    public let quoted: Bool
    public let stripTabs: Bool
    public internal(set) var bodyStartLine: Int
    public internal(set) var bodyEndLine: Int
    public internal(set) var body: String
}

public struct ShellDiagnostic: Sendable, Equatable {
    public let line: Int
    public let message: String
}

public struct ShellScript: Sendable {
    public let path: String
    public let text: String
    public let lines: [Substring]
    public let shebang: String?
    public let commands: [ShellCommand]
    public let functions: [ShellFunction]
    public let assignments: [ShellAssignment]
    public let expansions: [ShellExpansion]
    public let loops: [ShellLoop]
    public let conditionals: [ShellConditional]
    public let heredocs: [ShellHeredoc]
    public let diagnostics: [ShellDiagnostic]

    public var sources: [ShellCommand] { commands.filter { $0.name == "source" || $0.name == "." } }

    public func commands(named name: String) -> [ShellCommand] { commands.filter { $0.name == name } }

    /// Options switched on by top-level `set` commands (and the shebang), minus later `set +x`.
    public var strictMode: StrictMode {
        var mode = StrictMode()
        if let shebang {
            let flags = shebang.split(separator: " ").dropFirst().filter { $0.hasPrefix("-") }
            for flag in flags where flag.contains("e") { mode.errexit = true; mode.line = 1 }
            for flag in flags where flag.contains("u") { mode.nounset = true }
        }
        for cmd in commands where cmd.name == "set" && !cmd.enclosing.contains(where: { if case .function = $0 { return true }; return false }) {
            var args = cmd.arguments.compactMap(\.literal)[...]
            while let arg = args.popFirst() {
                guard let sign = arg.first, sign == "-" || sign == "+", arg.count > 1 else { continue }
                let on = sign == "-"
                if arg.dropFirst() == "o" {
                    guard let option = args.popFirst() else { continue }
                    switch option {
                    case "errexit": if on && !mode.errexit { mode.line = cmd.startLine }; mode.errexit = on
                    case "nounset": mode.nounset = on
                    case "pipefail": mode.pipefail = on
                    case "errtrace": mode.errtrace = on
                    default: break
                    }
                    continue
                }
                for flag in arg.dropFirst() {
                    switch flag {
                    case "e": if on && !mode.errexit { mode.line = cmd.startLine }; mode.errexit = on
                    case "u": mode.nounset = on
                    case "E": mode.errtrace = on
                    case "o":
                        if let option = args.popFirst(), option == "pipefail" { mode.pipefail = on }
                        else if let option = args.first, option == "errexit" { _ = args.popFirst(); mode.errexit = on }
                    default: break
                    }
                }
            }
        }
        return mode
    }
}
