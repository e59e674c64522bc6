import Testing
@testable import PatchKit

@Suite struct QuotingTests {
    @Test(arguments: [
        ("plain/path.sh", "plain/path.sh"),
        ("with space.sh", "with space.sh"),
        ("café.sh", "\"caf\\303\\251.sh\""),
        ("tab\there", "\"tab\\there\""),
        ("new\nline", "\"new\\nline\""),
        ("q\"uote", "\"q\\\"uote\""),
        ("back\\slash", "\"back\\\\slash\""),
        ("bell\u{7}", "\"bell\\a\""),
        ("esc\u{1B}", "\"esc\\033\""),
        ("del\u{7F}", "\"del\\177\""),
    ])
    func quotesLikeGit(path: String, quoted: String) {
        #expect(UnifiedDiff.quotePath(path) == quoted)
        #expect(PatchParser.unquotePath(quoted) == path)
    }

    @Test func prefixGoesInsideTheQuotes() {
        #expect(PathQuoting.quote(prefix: "a/", "café.sh") == "\"a/caf\\303\\251.sh\"")
        #expect(PathQuoting.quote(prefix: "b/", "x y") == "b/x y")
    }

    @Test func unquotingRejectsMalformedInput() {
        #expect(PatchParser.unquotePath("\"unterminated") == nil)
        #expect(PatchParser.unquotePath("\"bad \\q escape\"") == nil)
        #expect(PatchParser.unquotePath("\"short \\30\"") == nil)
        #expect(PatchParser.unquotePath("\"not utf8 \\377\"") == nil)
        #expect(PatchParser.unquotePath("\"trailing\" junk") == nil)
    }

    @Test func roundTripsRandomNames() {
        var rng = SeededGenerator(seed: 3)
        let scalars: [Unicode.Scalar] = ["a", "/", " ", "\"", "\\", "\t", "\n", "\u{1}", "\u{7F}", "é", "€", "😀", "\r"]
        for _ in 0 ..< 2000 {
            var name = ""
            for _ in 0 ..< Int.random(in: 1 ... 12, using: &rng) {
                name.unicodeScalars.append(scalars.randomElement(using: &rng)!)
            }
            #expect(PatchParser.unquotePath(UnifiedDiff.quotePath(name))?.utf8.elementsEqual(name.utf8) == true)
        }
    }
}
