/// What a key does in the review (normal mode). `update` dispatches on these, never on the
/// keys themselves, so the table below is the only place a key is bound.
public enum KeyAction: String, Sendable, CaseIterable {
    case down, up, pageDown, pageUp, first, last, nextPane, previousPane, focusDetail, focusQueue
    case showDiff, showOps, showInfo, nextHunk, previousHunk, nextFile, previousFile, search, nextMatch, previousMatch
    case accept, reject, undo, acceptShown, rejectShown, editPatch, editOps, override, discardDraft
    case filter, write, export, copyCommands, viewFile, help, quit
    case wrap, scrollLeft, scrollRight, firstColumn, sideBySide, findings, preview
    /// Handled by the shell before the core sees a key (listed for the help and the docs).
    case repaint, interrupt
}

/// Every key, in one table of records (keys, action, description): `update` dispatches
/// through it, and the help screen and the key table of docs/ui.md are written from it, so
/// none of the three can drift (`KeyMapDocsTests` fails when docs/ui.md does).
public enum KeyMap {
    public struct Binding: Sendable, Equatable {
        /// The keys as the shell decodes them.
        public let keys: [Key]
        /// How the keys are written for a person ("j k" style is per binding, one action each).
        public let label: String
        public let action: KeyAction
        public let description: String
    }

    static func bind(_ label: String, _ keys: [Key], _ action: KeyAction, _ description: String) -> Binding {
        Binding(keys: keys, label: label, action: action, description: description)
    }

    public static let sections: [(String, [Binding])] = [
        ("Move", [
            bind("j ↓", [.char("j"), .down], .down, "next operation (queue) or line (detail pane)"),
            bind("k ↑", [.char("k"), .up], .up, "previous operation (queue) or line (detail pane)"),
            bind("PgDn space ctrl-f", [.pageDown, .char(" "), .ctrl("f")], .pageDown, "scroll the detail pane a page down"),
            bind("PgUp ctrl-b", [.pageUp, .ctrl("b")], .pageUp, "scroll the detail pane a page up"),
            bind("g Home", [.char("g"), .home], .first, "first operation or line"),
            bind("G End", [.char("G"), .end], .last, "last operation or line"),
            bind("tab", [.tab], .nextPane, "cycle queue -> diff -> ops -> info"),
            bind("shift-tab", [.backTab], .previousPane, "cycle the other way"),
            bind("enter l →", [.enter, .char("l"), .right], .focusDetail, "focus the detail pane"),
            bind("h ← esc", [.char("h"), .left, .escape], .focusQueue, "back to the queue; there, esc clears the filter"),
            bind("1", [.char("1")], .showDiff, "show the diff"),
            bind("2", [.char("2")], .showOps, "show the ops block"),
            bind("3", [.char("3")], .showInfo, "show info (findings, validation)"),
        ]),
        ("Diff", [
            bind("]", [.char("]")], .nextHunk, "next hunk"),
            bind("[", [.char("[")], .previousHunk, "previous hunk"),
            bind("}", [.char("}")], .nextFile, "next file"),
            bind("{", [.char("{")], .previousFile, "previous file"),
            bind("/", [.char("/")], .search, "search the diff (enter runs, esc cancels)"),
            bind("n", [.char("n")], .nextMatch, "next match"),
            bind("N", [.char("N")], .previousMatch, "previous match"),
            bind("z", [.char("z")], .wrap, "wrap long lines of this view on / off (ops and info start wrapped)"),
            bind("<", [.char("<")], .scrollLeft, "scroll long lines sideways to the left"),
            bind(">", [.char(">")], .scrollRight, "scroll long lines sideways to the right"),
            bind("0", [.char("0")], .firstColumn, "back to the first column"),
            bind("s", [.char("s")], .sideBySide, "side-by-side diff on / off (at 160 columns and wider)"),
        ]),
        ("Views", [
            bind("F", [.char("F")], .findings, "findings: every finding, with or without a fix (/ filter, s severity, f unfixed, enter opens the fix)"),
            bind("P", [.char("P")], .preview, "rehearsal preview of the whole plan: the mutating calls per task"),
        ]),
        ("Decide", [
            bind("a", [.char("a")], .accept, "accept (offers to accept what it depends on); moves to the next pending"),
            bind("r", [.char("r")], .reject, "reject (operations depending on it become blocked); moves on"),
            bind("u", [.char("u")], .undo, "undo the most recent a/r/A/R (dependants it moved too) and go back to it"),
            bind("A", [.char("A")], .acceptShown, "accept every operation shown (after a summary)"),
            bind("R", [.char("R")], .rejectShown, "reject every operation shown (after a summary)"),
            bind("e", [.char("e")], .editPatch, "edit the patch in $VISUAL / $EDITOR (re-validated)"),
            bind("o", [.char("o")], .editOps, "edit the ops block in $VISUAL / $EDITOR"),
            bind("D", [.char("D")], .discardDraft, "throw away a refused edit (asks)"),
            bind("!", [.char("!")], .override, "override: write/export despite failed validation (asks)"),
        ]),
        ("Queue", [
            bind("f", [.char("f")], .filter, "filter: risk:high group:cluster status:pending rule:rerun text (-negates)"),
        ]),
        ("Act", [
            bind("w", [.char("w")], .write, "write the accepted operations (summary first; undo: infra-tui undo)"),
            bind("x", [.char("x")], .export, "export the accepted series as git am patches (asks a folder)"),
            bind("y", [.char("y")], .copyCommands, "copy the ops block's commands to the clipboard (OSC 52)"),
            bind("v", [.char("v")], .viewFile, "open the current file at the current line, read-only, in $EDITOR"),
            bind("?", [.char("?")], .help, "this help (j/k scroll, any other key closes it)"),
            bind("q", [.char("q")], .quit, "quit (asks when accepted operations are not written)"),
            bind("ctrl-l", [.ctrl("l")], .repaint, "repaint the whole screen"),
            bind("ctrl-c", [.ctrl("c")], .interrupt, "leave at once (terminal restored, exit 130)"),
        ]),
    ]

    /// Action by key, built once from `sections`.
    static let byKey: [Key: KeyAction] = {
        var out: [Key: KeyAction] = [:]
        for (_, bindings) in sections { for b in bindings { for key in b.keys where out[key] == nil { out[key] = b.action } } }
        return out
    }()

    /// What `key` does in normal mode, if anything.
    public static func action(for key: Key) -> KeyAction? { byKey[key] }

    public static var helpLines: [StyledLine] {
        var out: [StyledLine] = []
        for (title, entries) in sections {
            if !out.isEmpty { out.append(StyledLine("")) }
            out.append(StyledLine(title, .fileHeader))
            for e in entries { out.append(StyledLine(spans: [("  " + TextWidth.pad(e.label, 18), .key), (e.description, .normal)])) }
        }
        out.append(StyledLine(""))
        out.append(StyledLine("Marks: · pending  ✓ accepted  ✗ rejected  ⊘ blocked  W written", .dim))
        out.append(StyledLine("Flags: ✎ edited  d refused edit kept  ✗ validation failed  ! overridden  … checking", .dim))
        out.append(StyledLine("Mouse: " + mouse, .dim))
        return out
    }

    /// What the mouse does, where the terminal reports it (`INFRA_TUI_MOUSE=off` turns it off).
    public static let mouse = "the wheel scrolls; a click selects a queue row, a pane or a view tab"

    /// The key table as Markdown, for docs/ui.md (between its `keys:begin`/`keys:end` marks).
    public static var markdown: String {
        var out = "| key | action |\n|---|---|\n"
        for (_, entries) in sections {
            for e in entries {
                out += "| `\(e.label.split(separator: " ").joined(separator: "` `"))` | \(e.description.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return out
    }
}
