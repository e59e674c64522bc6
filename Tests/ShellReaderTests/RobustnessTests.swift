import Foundation
import Testing
import ShellReader

/// The reader never crashes or hangs, reports problems as diagnostics, and keeps what it
/// reports inside the text.
@Suite struct RobustnessTests {
    static let malformed: [(String, String)] = [
        ("echo \"unterminated", "unterminated double quote"),
        ("echo 'unterminated", "unterminated single quote"),
        ("cat <<EOF\nnever closed", "heredoc EOF never closed"),
        ("x=$(echo", "unterminated $("),
        ("x=`echo", "unterminated backtick"),
        ("echo ${x", "unterminated ${"),
        ("echo $((1 +", "unterminated $("),
        ("echo $[1 +", "unterminated arithmetic expression"),
        ("fi", "unexpected `fi`"),
        ("done; esac; }", "unexpected `done`"),
        ("if a; then b", "`if` without `fi`"),
        ("while a; do b", "`do` without `done`"),
        ("case x in a) echo", "`case` without `esac`"),
        ("f() {", "`{` without `}`"),
        ("[[ -n x", "`[[` without `]]`"),
        ("( echo", "`(` without `)`"),
        ("a |", "`|` without a command after it"),
        ("a &&", "`&&` without a command after it"),
        ("&& b", "unexpected `&&`"),
        (";;", "unexpected `;;`"),
        ("echo )", "unexpected `)`"),
    ]

    @Test func malformedInputGivesDiagnostics() {
        for (text, message) in Self.malformed {
            let s = ShellReader.read(text)
            #expect(s.diagnostics.contains { $0.message == message }, "\(text): \(s.diagnostics)")
            checkBounds(s)
        }
    }

    @Test func loneFiDoesNotHideWhatFollows() {
        let s = ShellReader.read("fi\necho after\n")
        #expect(s.diagnostics == [ShellDiagnostic(line: 1, message: "unexpected `fi`")])
        #expect(s.commands.compactMap(\.name) == ["echo"])
    }

    @Test func missingFiIsReportedAtTheIf() {
        let s = ShellReader.read("while x; do\n  if y; then z\ndone\necho after\n")
        #expect(s.diagnostics == [ShellDiagnostic(line: 2, message: "`if` without `fi`")])
        #expect(s.loops[0].endLine == 3)
        #expect(s.commands.last?.name == "echo" && s.commands.last?.enclosing == [])
    }

    @Test func unterminatedQuoteReportsItsLine() {
        let s = ShellReader.read("echo ok\necho \"oops\necho more\n")
        #expect(s.diagnostics == [ShellDiagnostic(line: 2, message: "unterminated double quote")])
        checkBounds(s)
    }

    /// Deep nesting is cut off with one diagnostic, and the reader stays within a 512 KB
    /// stack (the size of a secondary thread on macOS), even in a debug build.
    @Test func deepNestingOnASmallStack() {
        let inputs = [
            String(repeating: "(", count: 5000), String(repeating: "$(", count: 5000), String(repeating: "{ ", count: 5000),
            String(repeating: "if a; then ", count: 3000), String(repeating: "\"$(echo ", count: 3000),
            String(repeating: "${a:-", count: 5000), String(repeating: "\"${a:-", count: 5000),
            String(repeating: "$((", count: 3000), String(repeating: "while a; do ", count: 3000),
            String(repeating: "f() { ", count: 3000), String(repeating: "case x in a) ", count: 3000),
            String(repeating: "$(( $[ ${x:", count: 2000), String(repeating: "<(", count: 5000),
        ]
        let finished = OnSmallStack.run(stackSize: 512 * 1024) {
            inputs.allSatisfy { text in
                let s = ShellReader.read(text)
                return s.diagnostics.contains { $0.message.hasPrefix("nesting too deep") }
            }
        }
        #expect(finished == true)
        let s = ShellReader.read(String(repeating: "(", count: 5000))
        #expect(s.diagnostics.filter { $0.message.hasPrefix("nesting too deep") }.count == 1)
        checkBounds(s)
    }

    @Test func nestingBelowTheCapIsRead() {
        let s = ShellReader.read(String(repeating: "( ", count: 50) + "echo deep" + String(repeating: " )", count: 50))
        #expect(s.diagnostics.isEmpty)
        #expect(s.commands.first?.enclosing.count == 50)
    }

    /// Inputs that would make a careless reader quadratic.
    @Test func pathologicalInputsStayFast() {
        let inputs = [
            String(repeating: "[", count: 200_000), String(repeating: "echo a[b\n", count: 20_000),
            String(repeating: "x=$((1\n", count: 20_000), String(repeating: "@(", count: 100_000),
            String(repeating: "cat <<EOF\n", count: 20_000), String(repeating: "\"'", count: 100_000),
            String(repeating: "a=( ", count: 50_000), String(repeating: "#", count: 200_000),
            String(repeating: "\\", count: 200_000), String(repeating: "$", count: 200_000),
            String(repeating: "((", count: 100_000), String(repeating: "a && ", count: 50_000),
        ]
        for text in inputs {
            let start = Date()
            let s = ShellReader.read(text)
            #expect(Date().timeIntervalSince(start) < 10, "\(text.prefix(20))")
            checkBounds(s)
        }
    }

    @Test func diagnosticsAreCapped() {
        let s = ShellReader.read(String(repeating: "fi\n", count: 5000))
        #expect(s.diagnostics.count == 1001)
        #expect(s.diagnostics.last?.message == "too many problems; no more are reported")
    }

    @Test func binaryJunk() {
        let bytes: [UInt8] = [0, 0xFF, 0xFE, 0x24, 0x28, 0x0A, 0xC3, 0x28, 0x60, 0x22, 0x7B, 0x3C, 0x3C, 0x45, 0x0A]
        let s = ShellReader.read(String(decoding: bytes, as: UTF8.self))
        checkBounds(s)
    }
}

func checkBounds(_ s: ShellScript, sourceLocation: SourceLocation = #_sourceLocation) {
    let lineCount = s.lines.count
    let byteCount = s.text.utf8.count
    for c in s.commands {
        #expect(c.startLine >= 1 && c.startLine <= c.endLine && c.endLine <= lineCount, sourceLocation: sourceLocation)
        #expect(c.startOffset >= 0 && c.startOffset <= c.endOffset && c.endOffset <= byteCount, sourceLocation: sourceLocation)
        for w in c.words { #expect(w.line >= c.startLine && w.line <= lineCount, sourceLocation: sourceLocation) }
    }
    for e in s.expansions { #expect(e.line >= 1 && e.line <= lineCount, sourceLocation: sourceLocation) }
    for a in s.assignments { #expect(a.line >= 1 && a.line <= lineCount, sourceLocation: sourceLocation) }
    for f in s.functions {
        #expect(f.startLine >= 1 && f.startLine <= f.endLine && f.endLine <= lineCount, sourceLocation: sourceLocation)
    }
    for l in s.loops { #expect(l.startLine >= 1 && l.startLine <= l.endLine && l.endLine <= lineCount, sourceLocation: sourceLocation) }
    for c in s.conditionals {
        #expect(c.startLine >= 1 && c.startLine <= c.endLine && c.endLine <= lineCount, sourceLocation: sourceLocation)
        #expect(c.conditionCommandIndices.allSatisfy { $0 >= 0 && $0 < s.commands.count }, sourceLocation: sourceLocation)
    }
    for h in s.heredocs {
        #expect(h.bodyStartLine >= 1 && h.bodyStartLine <= h.bodyEndLine && h.bodyEndLine <= lineCount, sourceLocation: sourceLocation)
    }
    for d in s.diagnostics { #expect(d.line >= 1 && d.line <= lineCount, sourceLocation: sourceLocation) }
    for c in s.commands {
        for r in c.redirections {
            if let i = r.heredocIndex { #expect(i >= 0 && i < s.heredocs.count, sourceLocation: sourceLocation) }
        }
    }
}

/// Runs work on a thread with a given stack size and waits for it.
enum OnSmallStack {
    final class Box: @unchecked Sendable {
        var value: Bool?
    }

    static func run(stackSize: Int, _ work: @escaping @Sendable () -> Bool) -> Bool? {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = work()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        return box.value
    }
}
