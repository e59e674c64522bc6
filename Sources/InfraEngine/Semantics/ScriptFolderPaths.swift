import ShellReader

/// Paths a script builds from its own location, resolved the way bash would evaluate them:
/// `$(dirname "$0")/x`, `${BASH_SOURCE[0]%/*}/x`, `$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/x`,
/// `$(realpath "$0")`, and variables assigned from any of those (nested: `ROOT="$(cd "$HERE/.." && pwd)"`).
///
/// Shape: a repository path (folder or file, `""` for the root), or nil when the value depends
/// on something only known at run time (the caller's folder, `$HOME`, an argument).
/// `$0` and `BASH_SOURCE` name the file that holds the code; for a sourced library bash's
/// `BASH_SOURCE[0]` is the library (bash manual, "Bash Variables"), so resolving against the
/// file's own path is right for both.
public struct ScriptFolderPaths: Sendable {
    /// The file the code is in.
    public let scriptPath: String
    /// Variables that hold a resolved path, in the order they are first assigned.
    public private(set) var variables: [String: String] = [:]

    /// Reads the script's assignments in order, keeping every variable whose value resolves.
    public init(_ file: ShellFile) {
        scriptPath = file.path
        // Assignments, and `: "${LIB:=X}"` (which assigns X when LIB is unset), in line order.
        var values: [(line: Int, name: String, text: String)] = file.script.assignments.compactMap { assignment in
            assignment.value.map { (assignment.line, assignment.name, $0.unquotedText) }
        }
        for command in file.script.commands where command.name == ":" {
            for argument in command.arguments {
                if let (name, text) = Self.assigningDefault(Self.unquoted(argument.unquotedText)) {
                    values.append((command.startLine, name, text))
                }
            }
        }
        values = values.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        for value in values {
            if let path = resolve(value.text) {
                variables[value.name] = path
            }
        }
    }

    /// `${NAME:=X}` / `${NAME=X}`: the name and the whole expansion (resolved as a default).
    private static func assigningDefault(_ text: String) -> (String, String)? {
        guard text.hasPrefix("${"), text.hasSuffix("}") else { return nil }
        let body = text.dropFirst(2)
        let name = body.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
        guard !name.isEmpty else { return nil }
        let op = body.dropFirst(name.count)
        guard op.hasPrefix(":=") || op.hasPrefix("=") else { return nil }
        return (String(name), text)
    }

    /// The path a word's text names when its leading part is anchored to the script, else nil.
    public func resolve(_ text: String) -> String? {
        let s = Self.unquoted(text)
        guard let found = leading(Substring(s)) else { return nil }
        let (path, rest) = found
        if rest.isEmpty { return path }
        guard rest.hasPrefix("/") else { return nil }
        return joinPath(path, "." + rest)
    }

    /// Whether the text starts with a script-anchored part (resolvable or not).
    public func isScriptAnchored(_ text: String) -> Bool { resolve(text) != nil }

    /// Quotes removed: inside `$( )` they only group words, and the spellings differ only there.
    static func unquoted(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\"" && $0 != "'" }.map(Character.init))
    }

    private static let selfSpellings = ["${BASH_SOURCE[0]}", "${BASH_SOURCE}", "$BASH_SOURCE", "${0}", "$0"]
    private static let folderSpellings = ["${BASH_SOURCE[0]%/*}", "${BASH_SOURCE%/*}", "${0%/*}"]

    /// A leading expression and what follows it.
    private func leading(_ s: Substring) -> (String, Substring)? {
        // Every form below starts with `$`: most words are answered by their first byte,
        // before the Character comparisons of the spellings.
        guard s.utf8.first == UInt8(ascii: "$") else { return nil }
        for spelling in Self.folderSpellings where s.hasPrefix(spelling) {
            return (parentFolder(scriptPath), s.dropFirst(spelling.count))
        }
        for spelling in Self.selfSpellings where s.hasPrefix(spelling) {
            let rest = s.dropFirst(spelling.count)
            // `$0x` is not `$0` followed by text we understand.
            if let c = rest.first, c != "/" && c != ")" && c != " " { continue }
            return (scriptPath, rest)
        }
        if s.hasPrefix("$(") {
            guard let found = Self.substitution(s), let value = evaluate(found.0) else { return nil }
            return (value, found.1)
        }
        if s.hasPrefix("${") {
            guard let close = Self.closingBrace(s) else { return nil }
            let body = s[s.index(s.startIndex, offsetBy: 2)..<close]
            let rest = s[s.index(after: close)...]
            if body.hasSuffix("%/*"), let v = variables[String(body.dropLast(3))] { return (parentFolder(v), rest) }
            if let v = variables[String(body)] { return (v, rest) }
            // `${LIB:-X}`, `${LIB-X}`, `${LIB:=X}`, `${LIB=X}`: the value LIB was given in this
            // file, else the default X (what bash uses when the caller leaves LIB unset).
            let name = body.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
            let op = body.dropFirst(name.count)
            if !name.isEmpty, let operatorLength = [":-", ":=", "-", "="].first(where: { op.hasPrefix($0) })?.count {
                if let v = variables[String(name)] { return (v, rest) }
                let fallback = op.dropFirst(operatorLength)
                guard let path = resolve(String(fallback)) else { return nil }
                return (path, rest)
            }
            return nil
        }
        if s.hasPrefix("$") {
            let name = s.dropFirst().prefix { $0 == "_" || $0.isLetter || $0.isNumber }
            if let v = variables[String(name)] { return (v, s.dropFirst(1 + name.count)) }
        }
        return nil
    }

    /// `dirname X`, `cd X && pwd`, `cd X; pwd -P`, `realpath X`, `readlink -f X`, `pwd`-less forms.
    /// X is one balanced word after the tool's flags, so it may itself be a substitution with
    /// spaces: `dirname $(readlink -f $0)`, `cd $(dirname $0)/..`.
    private func evaluate(_ command: Substring) -> String? {
        let tool = command.prefix { $0 != " " }
        var rest = command.dropFirst(tool.count).drop { $0 == " " }
        while rest.hasPrefix("-") { rest = rest.drop { $0 != " " }.drop { $0 == " " } }
        var depth = 0
        var end = rest.startIndex
        while end < rest.endIndex {
            let c = rest[end]
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if depth == 0 && (c == " " || c == ";" || c == "&") { break }
            end = rest.index(after: end)
        }
        let operand = String(rest[..<end])
        switch tool {
        case "dirname":
            return resolve(operand).map(parentFolder)
        case "realpath", "readlink", "cd":
            return resolve(operand)
        default:
            return nil
        }
    }

    /// The `}` closing the `${` at the start of `s` (nested `${ }` and `$( )` skipped).
    private static func closingBrace(_ s: Substring) -> Substring.Index? {
        var depth = 0
        var i = s.index(after: s.startIndex)
        while i < s.endIndex {
            let c = s[i]
            if c == "{" || c == "(" { depth += 1 }
            if c == "}" || c == ")" {
                depth -= 1
                if depth == 0 { return c == "}" ? i : nil }
            }
            i = s.index(after: i)
        }
        return nil
    }

    /// `$( ... )` at the start of `s`: its inside and the text after it.
    private static func substitution(_ s: Substring) -> (Substring, Substring)? {
        var depth = 0
        var i = s.index(s.startIndex, offsetBy: 1)
        let start = s.index(after: i)
        while i < s.endIndex {
            if s[i] == "(" { depth += 1 }
            if s[i] == ")" {
                depth -= 1
                if depth == 0 { return (s[start..<i], s[s.index(after: i)...]) }
            }
            i = s.index(after: i)
        }
        return nil
    }
}

