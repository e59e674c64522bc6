/// Every key, in one table: the help screen and docs/ui.md are written from it, so they
/// cannot drift from each other.
public enum KeyMap {
    public struct Entry: Sendable, Equatable {
        public let keys: String
        public let action: String
    }

    public static let sections: [(String, [Entry])] = [
        ("Move", [
            Entry(keys: "j k  ↓ ↑", action: "next / previous operation (queue) or line (detail pane)"),
            Entry(keys: "PgDn PgUp  space", action: "scroll the detail pane a page"),
            Entry(keys: "g G  Home End", action: "first / last operation or line"),
            Entry(keys: "tab  shift-tab", action: "cycle queue -> diff -> ops -> info"),
            Entry(keys: "enter l →", action: "focus the detail pane"),
            Entry(keys: "h ←  esc", action: "back to the queue"),
            Entry(keys: "1 2 3", action: "show the diff / ops block / info (findings, validation)"),
        ]),
        ("Diff", [
            Entry(keys: "] [", action: "next / previous hunk"),
            Entry(keys: "} {", action: "next / previous file"),
            Entry(keys: "/", action: "search the diff (enter runs, esc cancels)"),
            Entry(keys: "n N", action: "next / previous match"),
            Entry(keys: "z", action: "wrap long lines of this view on / off (ops and info start wrapped)"),
            Entry(keys: "< >  0", action: "scroll long lines sideways / back to the first column"),
            Entry(keys: "s", action: "side-by-side diff on / off (at 160 columns and wider)"),
        ]),
        ("Views", [
            Entry(keys: "F", action: "findings: every finding, with or without a fix (/ filter, s severity, f unfixed, enter opens the fix)"),
            Entry(keys: "P", action: "rehearsal preview of the whole plan: the mutating calls per task"),
            Entry(keys: "mouse", action: "wheel scrolls; a click selects a queue row, a pane or a view tab"),
        ]),
        ("Decide", [
            Entry(keys: "a", action: "accept (offers to accept what it depends on)"),
            Entry(keys: "r", action: "reject (operations depending on it become blocked)"),
            Entry(keys: "u", action: "undo the decision: back to pending"),
            Entry(keys: "e", action: "edit the patch in $VISUAL / $EDITOR (re-validated)"),
            Entry(keys: "o", action: "edit the ops block in $VISUAL / $EDITOR"),
            Entry(keys: "!", action: "override: write/export despite failed validation (asks)"),
        ]),
        ("Act", [
            Entry(keys: "w", action: "write the accepted operations (asks first; undo: infra-tui undo)"),
            Entry(keys: "x", action: "export the accepted series as git am patches (asks a folder)"),
            Entry(keys: "?", action: "this help (any key closes it)"),
            Entry(keys: "q", action: "quit (asks when accepted operations are not written)"),
        ]),
    ]

    public static var helpLines: [StyledLine] {
        var out: [StyledLine] = []
        for (title, entries) in sections {
            if !out.isEmpty { out.append(StyledLine("")) }
            out.append(StyledLine(title, .fileHeader))
            for e in entries { out.append(StyledLine(spans: [("  " + TextWidth.pad(e.keys, 18), .key), (e.action, .normal)])) }
        }
        out.append(StyledLine(""))
        out.append(StyledLine("Marks: · pending  ✓ accepted  ✗ rejected  ⊘ blocked  W written  ✎ edited  ! overridden", .dim))
        return out
    }

    /// The key table as Markdown, for docs/ui.md.
    public static var markdown: String {
        var out = "| key | action |\n|---|---|\n"
        for (_, entries) in sections {
            for e in entries {
                out += "| `\(e.keys.split(separator: " ").joined(separator: "` `"))` | \(e.action) |\n"
            }
        }
        return out
    }
}
