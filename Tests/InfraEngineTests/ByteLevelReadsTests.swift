import Foundation
import Testing
@testable import InfraEngine

/// Reads that moved from Foundation (regular expressions, `replacingOccurrences`) or from
/// one `String` per line to bytes and ranges, for speed (issue 12, session 14): each is
/// checked against the call it replaced, on texts built to reach its edges.
@Suite struct ByteLevelReadsTests {
    static let bodies = [
        "exit 1", "exit  2", "exit 0", "exit", "exit\t1", "exit 10", "exit 9", "exit $rc", "exit  ",
        "echo \"error: $*\" >&2; exit 1", "exit 0; exit 3", "myexit 4", "exit1", "exit -1", " exit 7 ",
        "", "exi", "e", "# exit 5 in a comment", "exité 1", "exit 1é", "é exit 2", "exit ١",
    ]

    /// `LibraryVocabulary.exitsNonZero` answers as `exit +[1-9]` did (ICU, through Foundation).
    @Test(arguments: bodies) func exitsNonZeroReadsLikeThePattern(_ body: String) {
        let pattern = body.range(of: #"exit +[1-9]"#, options: .regularExpression) != nil
        #expect(LibraryVocabulary.exitsNonZero(body) == pattern, "\(body)")
    }

    static let replacements: [(String, String, String)] = [
        ("tasks/$t.sh", "$t", "010-net"),
        ("tasks/${t}.sh", "${t}", "010-net"),
        ("$t/$t", "$t", "a"),
        ("$tt", "$t", "x"),
        ("no loop here", "$t", "x"),
        ("$t", "$t", ""),
        ("aaaa", "aa", "b"),
        ("$t", "$t", "$t"),
        ("é/$t.sh", "$t", "x"),
        ("tasks/$t.sh", "$t", "é"),
        ("", "$t", "x"),
    ]

    /// `ByteSearch.replacing` gives Foundation's `replacingOccurrences(of:with:)`.
    @Test func replacingGivesFoundationsAnswer() {
        for (text, target, replacement) in Self.replacements {
            #expect(ByteSearch.replacing(text, target, with: replacement) == text.replacingOccurrences(of: target, with: replacement),
                    "\(text) \(target) \(replacement)")
        }
    }

    static let texts = ["", "\n", "a", "a\n", "a\nb", "a\nb\n", "a\r\nb\r\n", "a\r\nb", "a\r", "\r\n", "\n\n", "x\r\r\ny\n", "é\nü\r\n"]

    /// `LineEditor` without edits gives its text back, and each line is what splitting on
    /// "\n" and dropping one "\r" gives (what it kept before: a `String` per line).
    @Test(arguments: texts) func lineEditorReadsLinesAsBefore(_ text: String) {
        let editor = LineEditor(text)
        var parts = text.newlineSeparatedLines.map(String.init)
        if text.endsWithLineFeed { parts.removeLast() }
        let lines = parts.map(\.withoutCarriageReturn)
        #expect(editor.lineCount == lines.count, "\(text.debugDescription)")
        for (i, line) in lines.enumerated() { #expect(editor.line(i + 1) == line, "\(text.debugDescription) line \(i + 1)") }
        // Unedited, the text comes back with its endings made the first line's.
        let eol = parts.first?.endsWithCarriageReturn == true ? "\r\n" : "\n"
        let expected = lines.joined(separator: eol) + (text.endsWithLineFeed ? eol : "")
        #expect(editor.text() == expected, "\(text.debugDescription)")
    }
}
