import Testing
import ShellReader

/// Where commands start and end: continuations, comments, CRLF, the lines array.
@Suite struct LineTests {
    @Test func continuationLinesMakeOneCommand() {
        let s = ShellReader.read("gcloud compute networks subnets create shop-subnet --network shop-net \\\n  --region \"${ZONE%-*}\" \\\n  --range 10.60.0.0/20\necho next\n")
        #expect(s.commands.count == 2)
        #expect(s.commands[0].startLine == 1 && s.commands[0].endLine == 3)
        #expect(s.commands[0].words.map(\.line) == [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3])
        #expect(s.commands[0].words.last?.literal == "10.60.0.0/20")
        #expect(s.commands[1].startLine == 4 && s.commands[1].endLine == 4)
    }

    @Test func continuationInsideAWordAndQuotes() {
        let s = ShellReader.read("echo ab\\\ncd \"x\\\ny\"\nls\n")
        #expect(s.commands[0].words.map(\.unquotedText) == ["echo", "abcd", "xy"])
        #expect(s.commands[0].endLine == 3)
        #expect(s.commands[1].startLine == 4)
    }

    @Test func offsetsAreUTF8Bytes() {
        let text = "echo é\nls -l\n"
        let s = ShellReader.read(text)
        #expect(s.commands[0].startOffset == 0 && s.commands[0].endOffset == 7)
        #expect(s.commands[1].startOffset == 8 && s.commands[1].endOffset == 13)
        #expect(s.commands[0].words[1].literal == "é")
    }

    @Test func commentsAreNotCommandsButHashesInWordsStay() {
        let s = ShellReader.read("# gcloud compute networks create x\necho a#b ${#ARR} $# # trailing comment\nx=1 # y=2\n  # indented comment\necho 'not # a comment' \"# nor this\"\n")
        #expect(s.commands.count == 3)
        #expect(s.commands[0].words.map { $0.literal ?? $0.unquotedText } == ["echo", "a#b", "${#ARR}", "$#"])
        #expect(s.expansions.contains { $0.name == "ARR" && $0.isLength })
        #expect(s.expansions.contains { $0.name == "#" && !$0.isLength })
        #expect(s.assignments.map(\.name) == ["x"])
        #expect(s.commands[2].words.compactMap(\.literal) == ["echo", "not # a comment", "# nor this"])
    }

    @Test func crlfLinesKeepTheirCarriageReturn() {
        let s = ShellReader.read("set -e\r\necho a \\\r\n  b\r\nif true; then\r\n  echo c\r\nfi\r\n")
        #expect(s.lines.count == 7)
        #expect(s.lines[0] == "set -e\r")
        #expect(s.commands.map(\.startLine) == [1, 2, 4, 5])
        #expect(s.commands[1].words.compactMap(\.literal) == ["echo", "a", "b"])
        #expect(s.conditionals.count == 1 && s.diagnostics.isEmpty)
    }

    @Test func linesAndShebang() {
        let s = ShellReader.read("#!/usr/bin/env bash\necho hi")
        #expect(s.lines == ["#!/usr/bin/env bash", "echo hi"])
        #expect(s.shebang == "#!/usr/bin/env bash")
        #expect(ShellReader.read("echo hi\n#!/bin/sh\n").shebang == nil)
        #expect(ShellReader.read("").lines == [""])
        #expect(ShellReader.read("").commands.isEmpty)
    }

    @Test func keywordsOnlyInCommandPosition() {
        let s = ShellReader.read("echo done fi then if { }\nfor_each x\nif=1\n")
        #expect(s.commands[0].words.count == 7)
        #expect(s.commands[1].name == "for_each")
        #expect(s.assignments.map(\.name) == ["if"])
        #expect(s.diagnostics.isEmpty)
    }
}
