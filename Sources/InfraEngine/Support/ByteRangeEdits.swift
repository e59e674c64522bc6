/// Replacements of UTF-8 byte ranges of a text, as the parser reports them
/// (`ShellExpansion.startOffset`/`endOffset`): what a rule rewrites is exactly the parser's
/// expansion, never a search of the line's text (which also finds `$1` in single quotes).
/// Ranges must not overlap; when two start at the same byte the last one given wins.
enum ByteRangeEdits {
    static func apply(_ edits: [(start: Int, end: Int, text: String)], to text: String) -> String {
        guard !edits.isEmpty else { return text }
        var byStart: [Int: (end: Int, text: String)] = [:]
        for edit in edits { byStart[edit.start] = (edit.end, edit.text) }
        var utf8 = Array(text.utf8)
        for start in byStart.keys.sorted(by: >) {
            let edit = byStart[start]!
            utf8.replaceSubrange(start..<edit.end, with: Array(edit.text.utf8))
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
