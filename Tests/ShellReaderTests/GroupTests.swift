import Testing
import ShellReader

/// Brace groups and subshells as members of and-or lists and pipelines: the operators around
/// a group are recorded on it (its inner commands start lists of their own).
@Suite struct GroupTests {
    @Test func operatorsAroundAGroup() {
        let s = ShellReader.read("probe x || { echo making; create x; }\n{ a; } && b\n! ( c ) | d\n")
        #expect(s.groups.map(\.kind) == [.brace, .brace, .subshell])
        #expect(s.groups.map(\.operatorBefore) == ["||", nil, nil])
        #expect(s.groups.map(\.operatorAfter) == [nil, "&&", "|"])
        #expect(s.groups.map(\.negated) == [false, false, true])
        #expect(s.commands(named: "create").first?.operatorBefore == nil, "inner commands start their own list")
        let create = s.commands(named: "create")[0]
        let found = s.innermostGroup(of: create)
        #expect(found?.group == s.groups[0])
        #expect(found?.depth == 0)
        #expect(s.commands(named: "b").first?.operatorBefore == "&&")
    }

    @Test func nestedGroupsAndGroupsInsideOtherConstructs() {
        let text = "if ! probe; then { log; create; } fi\nprobe || { log; { create; }; }\nf() { probe || ( create ); }\n"
        let s = ShellReader.read(text)
        #expect(s.diagnostics.isEmpty)
        #expect(s.groups.count == 4)
        #expect(s.groups[0].enclosing == [.ifBody(0)])
        #expect(s.groups[0].operatorBefore == nil)
        #expect(s.groups[1].operatorBefore == "||")
        #expect(s.groups[2].enclosing == [.braceGroup])
        #expect(s.groups[3].kind == .subshell && s.groups[3].operatorBefore == "||")
        #expect(s.groups[3].enclosing == [.function("f")])
        let creates = s.commands(named: "create")
        // The innermost group of the second create is the nested one; one level up, the outer.
        let inner = s.innermostGroup(of: creates[1])
        #expect(inner?.group == s.groups[2])
        let outer = s.innermostGroup(containing: s.groups[2].startOffset, enclosing: s.groups[2].enclosing)
        #expect(outer?.group == s.groups[1])
        #expect(s.innermostGroup(of: creates[2])?.group == s.groups[3])
        // Byte ranges cover the braces.
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[s.groups[1].startOffset..<s.groups[1].endOffset], as: UTF8.self) == "{ log; { create; }; }")
    }

    /// A function's brace body is the function, not a group.
    @Test func aFunctionBodyIsNoGroup() {
        let s = ShellReader.read("f() { a; }\nfunction g { b; }\n")
        #expect(s.groups.isEmpty)
    }
}
