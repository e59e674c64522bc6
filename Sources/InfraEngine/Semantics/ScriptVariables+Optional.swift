import Foundation
import ShellReader

// Emptiness tests (`[ -z "$X" ]`, `[[ -n $X ]]`) read two ways: a validation when the empty
// case stops the script with a failure, an optional variable when it goes on without it.
//
// `test -z STRING` is true when STRING is empty, `-n` when it is not (bash manual, Bash
// Conditional Expressions). `if [ -z "$SLACK_WEBHOOK_URL" ]; then log "not notifying"; exit
// 0; fi` makes the name optional: the task succeeds without it, so the entrypoint must not
// demand it, and under `set -u` the test itself must read `${X:-}` (bash manual, The Set
// Builtin: an unset parameter is an error; Shell Parameter Expansion: `${X:-}` is not).
extension ScriptVariables {
    /// One `-z`/`-n` test of a variable in the script's own top level.
    struct EmptinessTest {
        let name: String
        let index: Int
        let command: ShellCommand
        /// `-z` (true when empty) rather than `-n`.
        let empty: Bool
    }

    /// How the commands a test leads to end the script: with a failure (`exit 1`, `die`),
    /// a success (`exit 0`, a bare `exit` after a message, `return`), or not at all.
    enum Stop { case fails, succeeds, none }

    /// `inFunctions`: also the tests in function bodies (`log() { [ -n "$LOG_FILE" ] && ...; }`
    /// makes LOG_FILE optional wherever it runs; a check there validates only when called, so
    /// validations read the top level alone).
    static func emptinessTests(_ script: ShellScript, inFunctions: Bool = false) -> [EmptinessTest] {
        var out: [EmptinessTest] = []
        for (index, command) in script.commands.enumerated() {
            // `(( WAIT )) && sleep "$WAIT"`: a bare name alone is true when it is set and not 0.
            if command.name == "((", inFunctions || command.functionName == nil, command.words.count >= 2,
               case let expr = command.words[1].unquotedText.trimmingWhitespace(),
               RequiredEnvironment.isEnvName(expr) {
                out.append(EmptinessTest(name: expr, index: index, command: command, empty: false))
                continue
            }
            guard let name = command.name, testCommands.contains(name), inFunctions || command.functionName == nil else { continue }
            let words = command.arguments.map(\.unquotedText)
            // `[[ -v NAME ]]` asks whether NAME is set (bash manual, "Bash Conditional
            // Expressions"): a test of the name itself, read like `-n`.
            for flag in words.indices.dropLast() where words[flag] == "-v" && name == "[[" {
                let variable = words[flag + 1]
                guard RequiredEnvironment.isEnvName(variable) else { continue }
                out.append(EmptinessTest(name: variable, index: index, command: command, empty: false))
            }
            // `[ "$X" ]` (one operand is `-n`) and `[ "$X" != "" ]` / `[ "$X" = "" ]`.
            let operands = words.filter { $0 != "]" && $0 != "]]" }
            if operands.count == 1, let variable = RequiredEnvironment.variableName(in: operands[0]),
               operands[0] == "$\(variable)" || operands[0] == "${\(variable)}", RequiredEnvironment.isEnvName(variable) {
                out.append(EmptinessTest(name: variable, index: index, command: command, empty: false))
            }
            if operands.count == 3, ["=", "==", "!="].contains(operands[1]), operands[2].isEmpty || operands[0].isEmpty {
                let word = operands[0].isEmpty ? operands[2] : operands[0]
                if let variable = RequiredEnvironment.variableName(in: word), word == "$\(variable)" || word == "${\(variable)}",
                   RequiredEnvironment.isEnvName(variable) {
                    out.append(EmptinessTest(name: variable, index: index, command: command, empty: operands[1] != "!="))
                }
            }
            for flag in words.indices.dropLast() where words[flag] == "-n" || words[flag] == "-z" {
                guard let variable = RequiredEnvironment.variableName(in: words[flag + 1]),
                      RequiredEnvironment.isEnvName(variable) else { continue }
                out.append(EmptinessTest(name: variable, index: index, command: command, empty: words[flag] == "-z"))
            }
        }
        return out
    }

    /// The stop among `commands`; a failing one wins.
    static func stop(of commands: [ShellCommand], scope: FunctionScope) -> Stop {
        var result = Stop.none
        for c in commands {
            guard let n = c.name else { continue }
            if n == "exit" {
                let arg = c.arguments.first?.literal
                if c.arguments.isEmpty || arg == "0" { result = .succeeds } else { return .fails }
            } else if n == "return" {
                result = .succeeds
            } else if scope[n]?.kills ?? false {
                return .fails
            }
        }
        return result
    }

    /// The commands that run after the test in its and-or list (`[ -z "$X" ] && { log; exit 0; }`).
    static func listFollowers(_ script: ShellScript, of test: EmptinessTest) -> [ShellCommand] {
        guard test.command.operatorAfter == "&&" || test.command.operatorAfter == "||" else { return [] }
        var out: [ShellCommand] = []
        let depth = test.command.enclosing.count
        for c in script.commands[(test.index + 1)...] where c.startOffset >= test.command.endOffset {
            let nested = c.enclosing.count > depth && Array(c.enclosing.prefix(depth)) == test.command.enclosing
            let chained = c.enclosing == test.command.enclosing && (c.operatorBefore == "&&" || c.operatorBefore == "||")
            guard nested || chained else { break }
            out.append(c)
        }
        return out
    }

    /// The commands of the branch an `if` condition's success leads to, and of its else part.
    static func branches(_ script: ShellScript, of test: EmptinessTest) -> (then: [ShellCommand], else: [ShellCommand])? {
        guard let k = test.command.enclosing.compactMap({ c -> Int? in if case .ifCondition(let k) = c { return k } else { return nil } }).last,
              k < script.conditionals.count else { return nil }
        let conditional = script.conditionals[k]
        guard let first = conditional.branches.first(where: { ($0.conditionCommandIndices ?? []).contains(test.index) }) else { return nil }
        let body = script.commands.filter { $0.enclosing.contains(.ifBody(k)) }
        let then = body.filter { $0.startOffset >= first.startOffset && $0.startOffset < first.endOffset }
        let otherwise = conditional.branches.last.flatMap { b in
            b.isElse ? body.filter { $0.startOffset >= b.startOffset && $0.startOffset < b.endOffset } : nil
        } ?? []
        return (then, otherwise)
    }

    /// Whether the test validates its variable: the empty case stops with a failure.
    /// An `if` condition is read by its branches (`if [ -n "$A" ] && [ -n "$B" ]; then ...;
    /// else die; fi` validates both), a test elsewhere by the rest of its and-or list.
    static func validates(_ script: ShellScript, _ test: EmptinessTest, scope: FunctionScope) -> Bool {
        if let (then, otherwise) = branches(script, of: test) {
            return stop(of: test.empty ? then : otherwise, scope: scope) == .fails
        }
        guard test.command.operatorAfter == "&&" || test.command.operatorAfter == "||" else { return false }
        let emptyRuns = test.empty == (test.command.operatorAfter == "&&")
        return emptyRuns && stop(of: listFollowers(script, of: test), scope: scope) == .fails
    }

    /// Names the script goes on without: an emptiness test whose empty case ends the script
    /// successfully (`exit 0`) or whose set case alone uses the value (`[ -n "$X" ] && ...`,
    /// `if [ -n "$X" ]; then ...; fi`): name -> lines of those tests.
    static func optionalTests(_ script: ShellScript, scope: FunctionScope) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for test in emptinessTests(script, inFunctions: true) where !validates(script, test, scope: scope) {
            let optional: Bool
            if let (then, otherwise) = branches(script, of: test) {
                optional = test.empty ? stop(of: then, scope: scope) == .succeeds : stop(of: otherwise, scope: scope) != .fails
            } else if test.command.operatorAfter == "&&" || test.command.operatorAfter == "||" {
                let emptyRuns = test.empty == (test.command.operatorAfter == "&&")
                optional = !emptyRuns || stop(of: listFollowers(script, of: test), scope: scope) == .succeeds
            } else {
                optional = false
            }
            if optional { out[test.name, default: []].append(test.command.startLine) }
        }
        return out
    }
}
