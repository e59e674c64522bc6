import Foundation

/// Writes accepted operations as a `git format-patch` style series: `0001-<id>.patch`, ...
/// (subject from the title, body holding the rationale and the ops block), plus `series`,
/// `ops.md` and `ops.json`, so `git am DIR/*.patch` replays them in order on the planned tree.
public enum PatchSeriesExporter {
    /// The author when the repository's git config names none (`GitAuthor`).
    public static let author = "infra-tui <infra-tui@localhost>"

    /// `author`: the From: line, "Name <email>" (`ReviewWorkflow.export` passes `GitAuthor.of`).
    public static func export(_ operations: [Operation], repo: String, to dir: URL,
                              date: Date = Date(), author: String = author) throws(EngineError) -> [String] {
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: dir.path),
           existing.contains(where: { $0.hasSuffix(".patch") || $0 == "series" }) {
            throw .failed("\(dir.path) already holds a patch series; choose an empty folder")
        }
        var names: [String] = []
        var files: [(url: URL, data: Data, mode: mode_t)] = []
        let dateLine = rfc2822(date)  // one date for the series, formatted once
        for (i, op) in operations.enumerated() {
            let name = String(format: "%04d-", i + 1) + op.id + ".patch"
            let text = mailbox(op, index: i + 1, total: operations.count, dateLine: dateLine, author: author)
            files.append((dir.appendingPathComponent(name), Data(text.utf8), 0o644))
            names.append(name)
        }
        files.append((dir.appendingPathComponent("series"), Data(names.map { $0 + "\n" }.joined().utf8), 0o644))
        files.append((dir.appendingPathComponent("ops.md"), Data(PlanText.markdown(operations, repo: repo).utf8), 0o644))
        files.append((dir.appendingPathComponent("ops.json"), PlanJSON.encodeOperations(operations), 0o644))
        try AtomicFile.writeAll(files)
        return names + ["series", "ops.md", "ops.json"]
    }

    /// One operation as a mailbox message `git am` reads.
    public static func mailbox(_ op: Operation, index: Int, total: Int, date: Date, author: String = author) -> String {
        mailbox(op, index: index, total: total, dateLine: rfc2822(date), author: author)
    }

    static func mailbox(_ op: Operation, index: Int, total: Int, dateLine: String, author: String) -> String {
        let subject = "[PATCH \(index)/\(total)] \(op.title)"
        var out = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
        out += "From: \(fromLine(author))\n"
        out += "Date: \(dateLine)\n"
        out += "Subject: \(encodedHeader(subject))\n"
        out += "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
        out += wrap(op.rationale) + "\n\n"
        for path in untracked(op) { out += wrap(keepNote(path)) + "\n\n" }
        out += OpsBlockText.render(op.ops)
        out += "---\n"
        for file in op.files { out += " \(file.path) (\(file.change.rawValue))\n" }
        out += "\n" + op.patch
        out += "-- \ninfra-tui\n\n"
        return out
    }

    /// The files `op` takes out of git but means to keep on disk (`FileEdit.untrack`: a deletion
    /// without content, not created again). `infra-tui apply` only drops them from the index;
    /// a patch cannot say that, so `git am` deletes them from disk.
    static func untracked(_ op: Operation) -> [String] {
        op.files.filter { $0.change == .delete && op.patch.contains("Binary files a/\($0.path) and /dev/null differ\n") }.map(\.path)
    }

    /// What `git am` does to an untracked file, and how to keep it.
    static func keepNote(_ path: String) -> String {
        let aside = RunbookFacts.shellQuoted("../" + String(fileName(path)) + ".keep")
        let file = RunbookFacts.shellQuoted(path)
        return "`git am` deletes \(path) from disk (a patch cannot take a file out of git and keep it; `infra-tui apply` does): "
            + "from the repository root, copy it aside before `git am` (`cp -p \(file) \(aside)`) and put it back after "
            + "(`mv \(aside) \(file)`); it is ignored then, so it stays out of git."
    }

    static func rfc2822(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    /// "Name <email>" with a non-ASCII name encoded (RFC 2047), the address left as it is.
    static func fromLine(_ author: String) -> String {
        guard let open = author.lastIndex(of: "<") else { return author }
        let name = author[..<open].trimmingWhitespace()
        return name.isEmpty ? String(author[open...]) : "\(encodedHeader(name)) \(author[open...])"
    }

    /// RFC 2047 encoding for a subject that is not plain ASCII.
    static func encodedHeader(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        let bytes = Array(text.utf8)
        var encoded = ""
        for b in bytes {
            let c = Character(UnicodeScalar(b))
            if b < 0x80, c.isLetter || c.isNumber || "!*+-/".contains(c) { encoded.append(c) }
            else if b == 0x20 { encoded.append("_") }
            else { encoded += String(format: "=%02X", b) }
        }
        return "=?UTF-8?q?\(encoded)?="
    }

    /// Wraps prose at 72 columns, as commit messages are read.
    static func wrap(_ text: String, width: Int = 72) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
