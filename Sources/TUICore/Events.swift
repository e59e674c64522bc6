import InfraEngine

/// A key as the shell decoded it. Printable keys arrive as `.char`.
public enum Key: Sendable, Hashable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
    case ctrl(Character)
}

/// Which text of an operation the person edits in their editor.
public enum EditKind: String, Sendable, Equatable, Codable {
    case patch, ops
}

/// What the shell's re-validation of an edit concluded.
public enum EditOutcome: Sendable, Equatable {
    /// The edit applies and passes validation: this operation replaces the planned one.
    case accepted(Operation)
    /// The edit is refused, with the reason; the person's text is kept as a draft.
    case refused(String)
}

/// Everything the core reacts to: keys, the terminal's size, and the results of the work the
/// shell did for it.
public enum Event: Sendable, Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Background validation finished: the plan with every operation's validation results.
    case validated(Plan)
    /// The editor returned changed text: the core asks for a `.check` and goes on with keys.
    case editSaved(id: String, kind: EditKind, text: String)
    /// A `.check` concluded (maybe long after, while the person did other things). A result for
    /// a text that is no longer the one being checked (edited again since) is ignored.
    case editFinished(id: String, kind: EditKind, text: String, outcome: EditOutcome)
    /// The editor returned the text unchanged.
    case editUnchanged(id: String, kind: EditKind)
    case wrote(ApplyReport)
    /// The series was written; `leftOut` names the operations the export workflow refused
    /// (a file changed since the plan, validation failed) with the reason.
    case exported(folder: String, files: [String], leftOut: [ApplyReport.Refusal])
    /// An effect failed; the message is shown, never swallowed.
    case failed(String)
    /// A terminal interrupt (SIGINT, SIGTERM) asked the program to stop.
    case interrupted
    /// The mouse, where the terminal reports it (`MouseEvent`).
    case mouse(MouseEvent)
}

/// Work the core asks the shell to do: the only way anything leaves the core.
public enum Effect: Sendable, Equatable {
    case quit
    /// Open `text` in $VISUAL/$EDITOR; answer `.editSaved` with what comes back, or
    /// `.editUnchanged`.
    case edit(id: String, kind: EditKind, text: String)
    /// Re-validate an edit (EditCheck) off the key loop; answer `.editFinished` when done,
    /// which for a patch (bash -n, shellcheck) can be a second later: keys keep working.
    case check(id: String, kind: EditKind, text: String)
    /// Write these operations (PlanWriter), refusing the ones named; answer `.wrote`/`.failed`.
    case write([Operation], refusing: [String: String])
    /// Export these operations as a patch series to a folder (`~` is the home folder) through
    /// the engine's `ReviewWorkflow.export`, the command line's path, with the same refusals;
    /// `overrides` are the operations written despite failed validation. Answer
    /// `.exported`/`.failed`.
    case export([Operation], folder: String, overrides: Set<String>)
    /// Put `text` on the terminal's clipboard (OSC 52: ESC ] 52 ; c ; base64 BEL), which works
    /// over ssh and in tmux with `set-clipboard on`. No answer.
    case copy(String)
    /// Open `path` (relative to the repository) read-only in $VISUAL/$EDITOR at `line`
    /// (1-based), with the command `ReadOnlyView.command` gives. Answers `.failed` only.
    case view(path: String, line: Int)
    /// Persist the review so it can be resumed.
    case save(SessionRecord)
}
