import InfraEngine

/// Handing things over to the person's other tools: an ops block's commands to the clipboard
/// (`y`, OSC 52) and the current file at the current line to their editor, read-only (`v`).
extension AppState {
    mutating func copyCommands() -> [Effect] {
        guard let op = current else { return [] }
        let commands = op.ops.commands
        guard !commands.isEmpty else { message = Message("\(op.id) has no commands to copy"); return [] }
        message = Message("Copied \(counted(commands.count, "command")) of \(op.id) to the clipboard "
                          + "(OSC 52: the terminal, or tmux with set-clipboard on, must allow it)", .success)
        return [.copy(commands.joined(separator: "\n") + "\n")]
    }

    /// The file and line at the top of the diff pane (the search match when it is on screen):
    /// the line as it is on disk, so before the patch unless the operation is written.
    mutating func viewFile() -> [Effect] {
        guard let op = current else { return [] }
        let doc = document(op.id)
        let at = matchLine.flatMap { $0 >= top && $0 < top + detailHeight ? $0 : nil } ?? top
        let onDisk = written.contains(op.id)
        guard let place = doc.location(at: view == .diff ? at : 0, newSide: onDisk) else {
            let created = doc.location(at: view == .diff ? at : 0, newSide: true)
            message = Message(created.map { "\($0.path) does not exist yet: the patch creates it (w writes it)" }
                              ?? "No file here to open", .error)
            return []
        }
        message = Message("Opened \(place.path):\(place.line) read-only")
        return [.view(path: place.path, line: place.line)]
    }
}

extension DiffDocument {
    /// The file and 1-based line that diff line `index` stands for, on the old side (the file
    /// as it is before the patch) or the new one. Nil when that side has no file (`/dev/null`:
    /// created or deleted). Lines outside a hunk give the file's first hunk line, or line 1.
    public func location(at index: Int, newSide: Bool) -> (path: String, line: Int)? {
        guard !lines.isEmpty else { return nil }
        let index = min(max(index, 0), lines.count - 1)
        let start = fileStarts.last { $0 <= index } ?? 0
        let end = fileStarts.first { $0 > start } ?? lines.count
        var path: String?
        for line in lines[start..<end] where line.kind == .meta {
            let prefix = newSide ? "+++ " : "--- "
            guard line.text.hasPrefix(prefix) else { continue }
            let name = String(line.text.dropFirst(4))
            if name == "/dev/null" { return nil }
            path = Self.unprefixed(name)
            break
        }
        if path == nil, let header = lines[start].text.range(of: " b/") {
            // No ---/+++ lines (a mode change or binary patch): the name from `diff --git`.
            path = newSide ? String(lines[start].text[header.upperBound...])
                           : Self.unprefixed(String(lines[start].text.dropFirst("diff --git ".count)[..<header.lowerBound]))
        }
        guard let path else { return nil }
        let hunk = hunkStarts.last { $0 >= start && $0 <= index } ?? hunkStarts.first { $0 >= start && $0 < end }
        guard let hunk, let (oldStart, newStart) = Self.starts(lines[hunk].text) else { return (path, 1) }
        var (old, new) = (oldStart, newStart)
        if index > hunk {
            for line in lines[(hunk + 1)..<index] {
                switch line.kind {
                case .context: old += 1; new += 1
                case .removed: old += 1
                case .added: new += 1
                default: break
                }
            }
        }
        return (path, max(newSide ? new : old, 1))
    }

    static func unprefixed(_ name: String) -> String {
        var name = name
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        if name.hasPrefix("a/") || name.hasPrefix("b/") { name = String(name.dropFirst(2)) }
        return name
    }

    /// The old and new start lines of a "@@ -a[,b] +c[,d] @@" header.
    static func starts(_ header: String) -> (Int, Int)? {
        let parts = header.split(separator: " ")
        guard parts.count >= 3, parts[1].hasPrefix("-"), parts[2].hasPrefix("+"),
              let old = Int(parts[1].dropFirst().split(separator: ",").first ?? ""),
              let new = Int(parts[2].dropFirst().split(separator: ",").first ?? "") else { return nil }
        return (old, new)
    }
}

/// The command that shows a file read-only in the person's editor: vi-likes get `-R` and
/// `+LINE` (`view` is vi's own read-only name), nano `-v +LINE`, emacs and micro `+LINE`,
/// anything else just the file (an unknown editor may not take either).
public enum ReadOnlyView {
    /// - Parameters:
    ///   - editor: $VISUAL or $EDITOR as set (may hold arguments: "code --wait"); empty gives `vi`.
    ///   - line: 1-based line to open at.
    /// - Returns: a `sh -c` command line that takes the file's path as `"$1"`.
    public static func command(editor: String, line: Int) -> String {
        let editor = editor.trimmingCharacters(in: .whitespaces).isEmpty ? "vi" : editor
        let program = editor.split(separator: " ").first.map { String($0.split(separator: "/").last ?? $0) } ?? "vi"
        switch program {
        case "vi", "vim", "nvim", "gvim", "vim.basic", "vim.tiny", "elvis", "nvi", "vis":
            return "\(editor) -R +\(line) \"$1\""
        case "view":
            return "\(editor) +\(line) \"$1\""
        case "nano", "pico", "rnano":
            return "\(editor) -v +\(line) \"$1\""
        case "emacs", "micro", "kak", "joe", "mg", "jed", "ne":
            return "\(editor) +\(line) \"$1\""
        default:
            return "\(editor) \"$1\""
        }
    }
}
