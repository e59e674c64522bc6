import ShellReader

/// The library's own words for logging and stopping, whatever they are called (`log`/`die`,
/// `say`/`fail`, `_note`/`_bail`), so new code calls them instead of adding twins
/// (issue 13, item 4). A query on the function summaries; it can move to a shared semantic
/// model later.
struct LibraryVocabulary: Equatable {
    /// A function that prints its arguments and returns.
    let log: String?
    /// A function that prints its arguments and exits non-zero.
    let die: String?

    static let logNames = ["log", "info", "say", "note", "msg", "stamp", "echo_info", "log_info", "_log", "_note", "_info", "_say"]
    static let dieNames = ["die", "fail", "fatal", "bail", "abort", "error_exit", "_die", "_fail", "_bail", "_fatal"]

    /// The vocabulary of the library the entrypoint sources (`RepoReality.primaryLibrary`).
    static func of(_ reality: RepoReality) -> LibraryVocabulary {
        LibraryVocabulary(libraries: reality.libraries.filter { $0.path == reality.primaryLibrary })
    }

    init(log: String?, die: String?) {
        self.log = log
        self.die = die
    }

    /// From the functions the libraries define (top level), preferring the conventional
    /// names in the order of `logNames`/`dieNames`, then any function of the right shape in
    /// definition order.
    init(libraries: [ShellFile]) {
        let functions = libraries.flatMap { lib in lib.script.functions.filter { $0.enclosing.isEmpty }.map { ($0, lib.script) } }
        func pick(_ names: [String], _ shape: (ShellFunction, ShellScript) -> Bool) -> String? {
            for name in names {
                if let (fn, script) = functions.first(where: { $0.0.name == name }), shape(fn, script) { return fn.name }
            }
            return functions.first(where: shape)?.0.name
        }
        log = pick(Self.logNames) { fn, _ in Self.logs(fn) }
        die = pick(Self.dieNames, Self.dies)
    }

    /// Prints its arguments (`"$*"`/`"$@"`) and neither exits nor redirects the shell.
    static func logs(_ fn: ShellFunction) -> Bool {
        let body = fn.body
        let prints = body.contains("printf") || body.contains("echo") || calls(body, oneOf: logNames)
        return prints && passesArguments(body) && !body.contains("exit") && !body.contains("exec ") && !body.contains("return 1")
    }

    /// Whether `body` holds `exit +[1-9]` (the regular expression), read on bytes: this is
    /// asked of every library function in every view, and ICU's matcher was most of it.
    static func exitsNonZero(_ body: String) -> Bool {
        let bytes = Array(body.utf8)
        let word = Array("exit".utf8)
        var i = 0
        while i + word.count < bytes.count {
            if bytes[i] == word[0], bytes[i ..< i + word.count].elementsEqual(word) {
                var j = i + word.count
                while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
                if j > i + word.count, j < bytes.count, bytes[j] >= UInt8(ascii: "1"), bytes[j] <= UInt8(ascii: "9") { return true }
            }
            i += 1
        }
        return false
    }

    /// Prints its arguments and exits non-zero, whatever it is given: the `exit` is not under
    /// an `if`, a `case`, a loop or `&&`/`||`. A validator (`want NAME HINT`, which exits only
    /// when the variable named by `$1` is empty, `${!1}`) is no die: called with a message it
    /// would read the message as a variable name.
    static func dies(_ fn: ShellFunction, in script: ShellScript) -> Bool {
        let body = fn.body
        let exits = exitsNonZero(body) || body.contains("exit \"${")
        guard exits, passesArguments(body), !body.contains("${!") else { return false }
        let own = script.commands.filter { $0.startLine >= fn.startLine && $0.endLine <= fn.endLine && $0.name == "exit" }
        return own.contains { cmd in
            cmd.operatorBefore != "&&" && cmd.operatorBefore != "||" && cmd.enclosing.allSatisfy { construct in
                switch construct {
                case .function, .braceGroup, .subshell: return true
                default: return false
                }
            } && !underCondition(cmd, in: script)
        }
    }

    /// Whether a group around `cmd` runs only on a condition (`command -v "$1" || { echo
    /// "missing $1"; exit 1; }`): such a function is a check (`need TOOL`), not a stop helper;
    /// called with a message it would look the message up as a tool (the brk13 tester's s01).
    private static func underCondition(_ cmd: ShellCommand, in script: ShellScript) -> Bool {
        var enclosing = cmd.enclosing
        while let (group, depth) = script.innermostGroup(containing: cmd.startOffset, enclosing: enclosing) {
            if group.operatorBefore == "&&" || group.operatorBefore == "||" || group.negated { return true }
            enclosing = Array(enclosing.prefix(depth))
        }
        return false
    }

    private static func passesArguments(_ body: String) -> Bool {
        body.contains("$*") || body.contains("$@") || body.contains("${*}") || body.contains("${@}") || body.contains("$1")
    }

    private static func calls(_ body: String, oneOf names: [String]) -> Bool {
        names.contains { body.contains($0 + " ") }
    }
}
