import Testing
@testable import PatchKit

/// Issue 16, item 9: lines added or removed in an editor recount the hunk, as `git add -p` does.
@Suite struct RecountTests {
    let original = """
    diff --git a/x.sh b/x.sh
    index 1111111..2222222 100644
    --- a/x.sh
    +++ b/x.sh
    @@ -1,3 +1,3 @@ top
     a
    -b
    +B
     c
    @@ -10,2 +10,3 @@ later
     j
    +k
     l

    """

    @Test func anUneditedPatchComesBackByteForByte() {
        #expect(PatchRecount.recount(original) == original)
    }

    @Test func anAddedLineIsCountedAndLaterStartsMove() throws {
        let edited = original.replacingOccurrences(of: "+B\n", with: "+B\n+B2\n")
        #expect(throws: PatchError.self) { try PatchParser.parse(edited) }
        let fixed = PatchRecount.recount(edited)
        #expect(fixed.contains("@@ -1,3 +1,4 @@ top\n"))
        #expect(fixed.contains("@@ -10,2 +11,3 @@ later\n"))
        let parsed = try PatchParser.parse(fixed)
        #expect(try PatchApplier.apply(parsed[0], to: "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nl\n") == "a\nB\nB2\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n")
    }

    @Test func aRemovedLineAndTrailingBlankLines() throws {
        let edited = original.replacingOccurrences(of: "+k\n", with: "") + "\n\n"
        let fixed = PatchRecount.recount(edited)
        #expect(fixed.contains("@@ -10,2 +10,2 @@ later\n"))
        _ = try PatchParser.parse(fixed)
        // A creation keeps its 0,0 old side.
        let created = "diff --git a/n b/n\nnew file mode 100644\n--- /dev/null\n+++ b/n\n@@ -0,0 +1,1 @@\n+one\n+two\n"
        #expect(PatchRecount.recount(created).contains("@@ -0,0 +1,2 @@\n"))
    }
}
