import Testing
import ShellReader

@Suite struct FunctionTests {
    @Test func everySyntax() {
        let text = """
            log() { echo "[vpc] $*"; }
            function die {
              echo "FATAL: $*" >&2   # explain
              exit 2
            }
            function warn() ( echo "$*" )
            retry ()
            {
              "$@"
            }
            function check() {
              [[ -n $1 ]]
            }
            wrap() if true; then :; fi

            """
        let s = ShellReader.read(text)
        #expect(s.diagnostics.isEmpty)
        #expect(s.functions.map(\.name) == ["log", "die", "warn", "retry", "check", "wrap"])
        #expect(s.functions.map(\.startLine) == [1, 2, 6, 7, 11, 14])
        #expect(s.functions.map(\.endLine) == [1, 5, 6, 10, 13, 14])
        #expect(s.functions[0].body == "{ echo \"[vpc] $*\"; }")
        #expect(s.functions[2].body == "( echo \"$*\" )")
        #expect(s.functions[5].body == "if true; then :; fi")
        #expect(s.commands(named: "exit").first?.functionName == "die")
        #expect(s.commands(named: "exit").first?.enclosing == [.function("die")])
        #expect(s.commands(named: "echo").last?.enclosing == [.function("warn"), .subshell])
        #expect(s.commands.first { $0.words.first?.raw == "[[" }?.functionName == "check")
        #expect(s.commands.first { $0.words.first?.raw == "\"$@\"" }?.functionName == "retry")
        #expect(s.functions.allSatisfy { $0.enclosing.isEmpty })
    }

    @Test func offsetsCoverNameThroughBody() {
        let text = "x=1\nfunction f() {\n  :\n}\n"
        let f = ShellReader.read(text).functions[0]
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[f.startOffset..<f.endOffset], as: UTF8.self) == "function f() {\n  :\n}")
    }

    @Test func normalizedBodyIgnoresWhitespaceAndComments() {
        let a = ShellReader.read("die() {\n  echo \"x\"   # why\n  exit 1\n}\n").functions[0]
        let b = ShellReader.read("# header\ndie() { echo \"x\"\n\texit 1\n}").functions[0]
        let c = ShellReader.read("die() { echo \"y\"; exit 1; }").functions[0]
        #expect(a.normalizedBody == "{ echo \"x\" exit 1 }")
        #expect(a.normalizedBody == b.normalizedBody)
        #expect(a.normalizedBody != c.normalizedBody)
        // A `#` that is not a comment is part of the body.
        let d = ShellReader.read("n() { echo ${#1} '#x' \"$#\"; }").functions[0]
        #expect(d.normalizedBody == "{ echo ${#1} '#x' \"$#\"; }")
    }

    @Test func nestedFunctionsAndContexts() {
        let s = ShellReader.read("outer() {\n  inner() { echo in; }\n  if x; then inner; fi\n}\n")
        #expect(s.functions.map(\.name) == ["outer", "inner"])
        #expect(s.functions[1].enclosing == [.function("outer")])
        #expect(s.commands(named: "echo").first?.enclosing == [.function("outer"), .function("inner")])
        #expect(s.commands(named: "echo").first?.functionName == "inner")
        #expect(s.commands(named: "inner").first?.enclosing == [.function("outer"), .ifBody(0)])
    }

    @Test func redirectedFunctionBody() {
        let s = ShellReader.read("f() {\n  echo a\n} > /tmp/log 2>&1\necho b\n")
        #expect(s.functions[0].endLine == 3 && s.functions[0].body == "{\n  echo a\n}")
        #expect(s.commands.map(\.startLine) == [2, 4])
        #expect(s.diagnostics.isEmpty)
    }
}
