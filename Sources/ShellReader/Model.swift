// The value types handed to rules. Everything is a plain Sendable value so a parsed
// script can be shared freely across tasks.

public struct ShellWord: Sendable, Equatable {
    /// Source text of the word exactly as written (quotes included).
    public let raw: String
    /// Value after quote removal when the word is fully static; nil when it holds
    /// expansions, substitutions, unquoted globs, brace lists or a leading `~`.
    public let literal: String?
    /// Value after quote removal with expansions left as written.
    public let unquotedText: String
    /// 1-based line where the word starts.
    public let line: Int
    /// Contains `$var`, `${...}`, `$(...)`, backticks or `$((...))`.
    public let hasExpansion: Bool

    public init(raw: String, literal: String?, unquotedText: String, line: Int, hasExpansion: Bool) {
        self.raw = raw
        self.literal = literal
        self.unquotedText = unquotedText
        self.line = line
        self.hasExpansion = hasExpansion
    }
}

public struct ShellRedirection: Sendable, Equatable {
    /// `2>&1` is op `>&` with fd `2` and target `1`.
    public let op: String
    public let fd: String?
    /// nil for heredocs (and for a redirection whose target is missing).
    public let target: ShellWord?
    /// Index into `ShellScript.heredocs` for `<<` / `<<-`.
    public let heredocIndex: Int?

    public init(op: String, fd: String?, target: ShellWord?, heredocIndex: Int?) {
        self.op = op
        self.fd = fd
        self.target = target
        self.heredocIndex = heredocIndex
    }
}

public enum ShellConstruct: Sendable, Equatable {
    case function(String)
    /// Index into `ShellScript.conditionals`; elif conditions use it too.
    case ifCondition(Int)
    /// then / elif-then / else branches of conditional Int.
    case ifBody(Int)
    /// Index into `ShellScript.loops`: the condition of while/until, the words of for.
    case loopHead(Int)
    case loopBody(Int)
    case caseItem
    case subshell
    case braceGroup
    /// `$( )`, backticks, `<( )`, `>( )`.
    case substitution

    /// A function body: what is inside runs when the function is called, not where written.
    public var isFunction: Bool { if case .function = self { return true } else { return false } }
}

/// A class, though a value in every other respect (every property is a constant): the
/// rules walk every command of every script on every view of a tree, and copying a struct
/// of this many references was a fifth of planning a large repository.
public final class ShellCommand: Sendable, Equatable {
    /// Command name and arguments; assignment prefixes are not included.
    public let words: [ShellWord]
    public let prefixAssignments: [ShellAssignment]
    public let redirections: [ShellRedirection]
    public let startLine: Int
    /// Last line of the command text itself (continuations included, heredoc bodies not).
    public let endLine: Int
    /// UTF-8 byte offset of the first character (prefix assignments included).
    public let startOffset: Int
    /// UTF-8 byte offset just past the last character.
    public let endOffset: Int
    /// Outermost first.
    public let enclosing: [ShellConstruct]
    /// `&&`, `||`, `|` or `|&` linking it to the previous command of the same list.
    public let operatorBefore: String?
    public let operatorAfter: String?
    /// The command is the first of a pipeline preceded by `!`.
    public let negated: Bool
    /// The and-or list it belongs to ends with `&`.
    public let background: Bool
    /// `enclosing` cannot tell a while/until head (a condition) from a for head, so the
    /// reader resolves it once against `ShellScript.loops`.
    let inLoopCondition: Bool

    /// The first word, when it is static.
    public let name: String?
    /// Every word after the first.
    public let arguments: [ShellWord]

    init(words: [ShellWord], prefixAssignments: [ShellAssignment], redirections: [ShellRedirection],
         startLine: Int, endLine: Int, startOffset: Int, endOffset: Int, enclosing: [ShellConstruct],
         operatorBefore: String?, operatorAfter: String?, negated: Bool, background: Bool, inLoopCondition: Bool) {
        self.words = words
        self.prefixAssignments = prefixAssignments
        self.redirections = redirections
        self.startLine = startLine
        self.endLine = endLine
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.enclosing = enclosing
        self.operatorBefore = operatorBefore
        self.operatorAfter = operatorAfter
        self.negated = negated
        self.background = background
        self.inLoopCondition = inLoopCondition
        name = words.first?.literal
        arguments = Array(words.dropFirst())
    }

    public static func == (a: ShellCommand, b: ShellCommand) -> Bool {
        a === b || (a.words == b.words && a.prefixAssignments == b.prefixAssignments && a.redirections == b.redirections
            && a.startLine == b.startLine && a.endLine == b.endLine && a.startOffset == b.startOffset
            && a.endOffset == b.endOffset && a.enclosing == b.enclosing && a.operatorBefore == b.operatorBefore
            && a.operatorAfter == b.operatorAfter && a.negated == b.negated && a.background == b.background
            && a.inLoopCondition == b.inLoopCondition)
    }

    public var functionName: String? {
        for construct in enclosing.reversed() {
            if case .function(let name) = construct { return name }
        }
        return nil
    }

    /// True where a failure does not trip `set -e`: if/elif conditions, while/until heads
    /// and either side of `&&` / `||`.
    public var isInCondition: Bool {
        if inLoopCondition { return true }
        for construct in enclosing {
            if case .ifCondition = construct { return true }
        }
        if operatorAfter == "&&" || operatorAfter == "||" { return true }
        return operatorBefore == "&&" || operatorBefore == "||"
    }
}

public struct ShellFunction: Sendable, Equatable {
    public let name: String
    public let startLine: Int
    public let endLine: Int
    public let startOffset: Int
    public let endOffset: Int
    /// Exact source of the body, from `{` or `(` through the matching close.
    public let body: String
    /// Body without comments, whitespace runs collapsed to one space, trimmed.
    public let normalizedBody: String
    public let enclosing: [ShellConstruct]
}

public enum AssignmentKind: Sendable, Equatable {
    case plain, append, export, local, readonly, declare, forLoopVariable, read, prefix
}

public struct ShellAssignment: Sendable, Equatable {
    public let name: String
    /// nil for `export X` without value, `read X` and loop variables.
    public let value: ShellWord?
    public let kind: AssignmentKind
    public let line: Int
    public let enclosing: [ShellConstruct]
}

public struct ShellExpansion: Sendable, Equatable {
    /// "ZONE", "1", "@", "?", "#", "0", "!"...
    public let name: String
    /// Parameter-expansion operator (":-", "%", "//", ":" for substrings...); nil for `$X` / `${X}`.
    public let op: String?
    /// `${!v}`
    public let isIndirect: Bool
    /// `${#X}`
    public let isLength: Bool
    public let line: Int
    public let inHeredoc: Bool
    public let enclosing: [ShellConstruct]
    /// UTF-8 byte offset of the `$` (of the name, for a bare name in arithmetic).
    public let startOffset: Int
    /// UTF-8 byte offset just past the expansion (`}` included).
    public let endOffset: Int
    /// Inside the word of `${NAME:+word}` or `${NAME+word}` of the same name, which bash
    /// expands only when NAME is set (bash manual, "Shell Parameter Expansion"): `"$LABELS"`
    /// in `${LABELS:+--labels "$LABELS"}` never meets an unset LABELS.
    public internal(set) var isGuarded = false

    /// Whether an unset NAME leaves this expansion safe under `set -u`: an operator supplies a
    /// value or tests for one (`:-`, `:=`, `:+`, `:?` and their colon-less forms), or the
    /// expansion is guarded by its own name (`isGuarded`).
    public var hasDefault: Bool {
        if isGuarded { return true }
        switch op {
        case ":-", "-", ":=", "=", ":+", "+", ":?", "?": return true
        default: return false
        }
    }
}

public struct ShellLoop: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case forIn, forArithmetic, whileLoop, untilLoop, select }
    public let kind: Kind
    /// The for/select variable; for `for ((i=0; ...))` the first variable assigned.
    public let variable: String?
    /// for-in word list (empty for `for x; do`).
    public let words: [ShellWord]
    public let startLine: Int
    public let endLine: Int
    public let enclosing: [ShellConstruct]
}

public struct ShellConditional: Sendable, Equatable {
    public let startLine: Int
    public let endLine: Int
    /// Indices into `ShellScript.commands` of the simple commands in the if/elif conditions.
    public let conditionCommandIndices: [Int]
    public let enclosing: [ShellConstruct]
    /// The then part of the `if` and of each `elif`, then the `else` part when there is one,
    /// in source order: which branch a command of `.ifBody` is in, and what led there.
    public let branches: [ShellBranch]
}

/// One branch of an `if`: the body after `then` (of the `if` or of an `elif`) or after `else`.
public struct ShellBranch: Sendable, Equatable {
    /// Indices into `ShellScript.commands` of the simple commands of the condition whose
    /// success leads here (commands nested in it, such as substitutions, included); nil for
    /// the `else` part, which runs when every condition before it failed.
    public let conditionCommandIndices: [Int]?
    /// UTF-8 byte offsets of the body: from just after `then`/`else` to the next
    /// `elif`/`else`/`fi`. A command of `.ifBody` is in the branch whose range holds its start.
    public let startOffset: Int
    public let endOffset: Int

    public var isElse: Bool { conditionCommandIndices == nil }
}

public struct ShellHeredoc: Sendable, Equatable {
    public let delimiter: String
    /// `<<'EOF'`, `<<"EOF"`, `<<\EOF`: the body is not expanded.
    public let quoted: Bool
    /// `<<-`
    public let stripTabs: Bool
    public let bodyStartLine: Int
    /// The line with the closing delimiter (the last line when it never closes).
    public let bodyEndLine: Int
    /// Body text, leading tabs removed for `<<-`.
    public let body: String

    public init(delimiter: String, quoted: Bool, stripTabs: Bool, bodyStartLine: Int, bodyEndLine: Int, body: String) {
        self.delimiter = delimiter
        self.quoted = quoted
        self.stripTabs = stripTabs
        self.bodyStartLine = bodyStartLine
        self.bodyEndLine = bodyEndLine
        self.body = body
    }
}

public struct ShellDiagnostic: Sendable, Equatable {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}
