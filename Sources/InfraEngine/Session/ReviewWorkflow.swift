import Foundation

/// Writing and exporting accepted operations, the one way both faces do it: the command line
/// (`apply`, `export`) and the terminal UI (`w`, `x`) call these, so they refuse the same
/// things for the same reasons (DESIGN.md, "The approval gate"): an operation whose validation
/// failed (unless the person overrode it), whose files changed since the plan other than by
/// infra-tui's own earlier writes (`OwnWrites`), or whose patch no longer applies, and those
/// depending on a refused one.
public enum ReviewWorkflow {
    /// What an export wrote and what it left out.
    public struct ExportReport: Sendable, Equatable {
        /// The folder, `~` expanded and made absolute.
        public let folder: URL
        /// File names written into `folder` (patches, `series`, `ops.md`, `ops.json`).
        public let files: [String]
        /// Operations refused, with the reason; the series holds the others.
        public let leftOut: [ApplyReport.Refusal]
    }

    /// Operations refused before staging: failed validation, less the overridden ones.
    public static func refusals(_ accepted: [Operation], overrides: Set<String> = []) -> [String: String] {
        PlanPipeline.invalid(accepted).filter { !overrides.contains($0.key) }
    }

    /// Writes `accepted` (plan order) to the tree under `root`: `PlanWriter.apply` with the
    /// baseline check and the refusals above. Throws only when nothing could be written at
    /// all (the lock, the journal, a full disk: every file is then left as it was).
    public static func write(_ accepted: [Operation], root: URL, overrides: Set<String> = []) throws(EngineError) -> ApplyReport {
        try write(accepted, root: root, refusing: refusals(accepted, overrides: overrides))
    }

    /// `write` with the up-front refusals already worked out (the UI shows them in its
    /// confirmation first, from `refusals`).
    public static func write(_ accepted: [Operation], root: URL, refusing: [String: String]) throws(EngineError) -> ApplyReport {
        try PlanWriter.apply(accepted, root: root, checkBaseline: true, refusing: refusing)
    }

    /// Exports `accepted` as a `git am` series into `folder` (created if missing; `~` is the
    /// home folder; relative to the current folder), after the same checks as `write`, with
    /// the author from the repository's git config (`GitAuthor`).
    /// - Throws: `.failed` when the folder cannot be created or already holds a series.
    public static func export(_ accepted: [Operation], root: URL, repo: String, to folder: String,
                              overrides: Set<String> = [], date: Date = Date()) throws(EngineError) -> ExportReport {
        let url = expandedFolder(folder)
        let prepared = PlanWriter.prepare(accepted, root: root, checkBaseline: true, refusing: refusals(accepted, overrides: overrides))
        // The series is for the planned tree: an operation already written to the working tree
        // still belongs in it (the later patches were planned on top of it).
        let kept = Set(prepared.report.applied + prepared.report.alreadyWritten)
        let exported = accepted.filter { kept.contains($0.id) }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .failed("cannot create \(url.path): \(error.localizedDescription)")
        }
        let files = try PatchSeriesExporter.export(exported, repo: repo, to: url, date: date, author: GitAuthor.of(root))
        return ExportReport(folder: url, files: files, leftOut: prepared.report.refused)
    }

    /// `~` and `~/x` as the home folder, a relative path against the current folder.
    public static func expandedFolder(_ path: String) -> URL {
        let trimmed = path.trimmingWhitespace()
        let expanded = (trimmed as NSString).expandingTildeInPath
        return URL(fileURLWithPath: expanded).standardizedFileURL
    }
}

/// The author an exported series carries: the repository's `git config user.name` and
/// `user.email` (as `git commit` would use), else `PatchSeriesExporter.author`.
public enum GitAuthor {
    /// - Returns: "Name <email>", or the fallback when either is unset or git is missing.
    public static func of(_ root: URL) -> String {
        guard let git = ProcessRunner.which("git") else { return PatchSeriesExporter.author }
        func config(_ key: String) -> String? {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: git)
            p.arguments = ["-C", root.path, "config", "--get", key]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            do { try p.run() } catch { return nil }
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let value = String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()
            // A name with a newline or angle brackets would break the From: line.
            guard p.terminationStatus == 0, !value.isEmpty, !value.contains(where: { "<>\n\r".contains($0) }) else { return nil }
            return value
        }
        guard let name = config("user.name"), let email = config("user.email") else { return PatchSeriesExporter.author }
        return "\(name) <\(email)>"
    }
}
