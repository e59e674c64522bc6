extension UnifiedDiff {
    static let noNewlineMarker = "\\ No newline at end of file"

    /// One file patch in the format `git diff --full-index` prints, so that
    /// `git apply` and `git am` take it. A modification that changes nothing
    /// renders as "" (git prints nothing for it either).
    public static func render(_ patch: FilePatch) -> String {
        let change = patch.change
        let modeChanged = patch.oldMode != nil && patch.newMode != nil && patch.oldMode != patch.newMode
        if change == .modify && patch.hunks.isEmpty && !patch.isBinary && !modeChanged { return "" }

        let aPath = patch.oldPath ?? patch.newPath ?? ""
        let bPath = patch.newPath ?? patch.oldPath ?? ""
        var out = "diff --git \(PathQuoting.quote(prefix: "a/", aPath)) \(PathQuoting.quote(prefix: "b/", bPath))\n"

        switch change {
        case .create:
            out += "new file mode \((patch.newMode ?? .regular).rawValue)\n"
            if let new = patch.newBlob {
                out += "index \(nullBlob(like: new))..\(new)\n"
            }
        case .delete:
            out += "deleted file mode \((patch.oldMode ?? .regular).rawValue)\n"
            if let old = patch.oldBlob {
                out += "index \(old)..\(nullBlob(like: old))\n"
            }
        case .modify:
            if modeChanged, let oldMode = patch.oldMode, let newMode = patch.newMode {
                out += "old mode \(oldMode.rawValue)\nnew mode \(newMode.rawValue)\n"
            }
            // git leaves the index line out when only the mode changed.
            if let old = patch.oldBlob, let new = patch.newBlob, old != new {
                out += "index \(old)..\(new)"
                if let mode = patch.oldMode, patch.newMode == mode { out += " \(mode.rawValue)" }
                out += "\n"
            }
        }

        let oldLabel = patch.oldPath.map { PathQuoting.quote(prefix: "a/", $0) } ?? "/dev/null"
        let newLabel = patch.newPath.map { PathQuoting.quote(prefix: "b/", $0) } ?? "/dev/null"
        if patch.isBinary {
            out += "Binary files \(oldLabel) and \(newLabel) differ\n"
            return out
        }
        // Like git, no ---/+++ lines when there is no hunk (empty file
        // created or deleted, mode-only change).
        guard !patch.hunks.isEmpty else { return out }
        // git ends a label containing a space with a tab, so that tools
        // which cut names at whitespace (GNU patch) still find the end.
        out += "--- \(oldLabel)\(oldLabel.utf8.contains(0x20) ? "\t" : "")\n"
        out += "+++ \(newLabel)\(newLabel.utf8.contains(0x20) ? "\t" : "")\n"
        for hunk in patch.hunks {
            render(hunk, into: &out)
        }
        return out
    }

    /// Concatenation of the file patches.
    public static func render(_ patches: [FilePatch]) -> String {
        patches.map { render($0) }.joined()
    }

    static func render(_ hunk: Hunk, into out: inout String) {
        out += hunk.header
        if !hunk.section.isEmpty { out += " " + hunk.section }
        out += "\n"
        for line in hunk.lines {
            switch line.kind {
            case .context: out += " "
            case .added: out += "+"
            case .removed: out += "-"
            }
            out += line.text
            out += "\n"
            if line.noNewlineAtEnd { out += noNewlineMarker + "\n" }
        }
    }

    /// The all-zero id git writes for /dev/null, as long as the other id.
    static func nullBlob(like other: String) -> String {
        String(repeating: "0", count: other.isEmpty ? 40 : other.utf8.count)
    }
}
