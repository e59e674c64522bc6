import Foundation

/// `infra-tui rehearse`: the scaffolding of a repository run twice, in the sandbox, against
/// the test doubles, on a scratch copy of its tree; the report and the verdict.
public enum Rehearsal {
    /// `base`: the variables to start from (an env file's, or the person's environment).
    /// Never throws for a missing sandbox: the report says "skipped" and nothing runs.
    public static func run(root: URL, infraDir: String, base: [String: String], only: String? = nil,
                           limits: Sandbox.Limits = .init()) throws(EngineError) -> RehearsalReport {
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        return try run(snapshot: snapshot, infraDir: infraDir, base: base, only: only, limits: limits)
    }

    public static func run(snapshot: RepoSnapshot, infraDir: String, base: [String: String], only: String? = nil,
                           limits: Sandbox.Limits = .init()) throws(EngineError) -> RehearsalReport {
        let reality = try RepoReality(snapshot: snapshot, infraDir: infraDir, cache: ScriptCache())
        let selection = try RehearsalTargets.select(in: reality, only: only)
        let env = RehearsalTargets.environment(for: reality, base: base)
        var report = RehearsalReport(skipped: nil, target: selection.target, placeholders: env.placeholders,
                                     teardown: selection.teardown, runs: [], verdict: .init(passed: false, reasons: []))
        let rehearser: Rehearser
        switch Rehearser.ready(limits: limits) {
        case .failure(let why):
            report.skipped = why.reason
            report.verdict = .init(passed: false, reasons: ["skipped: \(why.reason)"])
            return report
        case .success(let r): rehearser = r
        }
        let area: RehearsalArea
        do {
            area = try RehearsalArea()
            area.lay(snapshot, extras: snapshot.diskRoot.map { WorkingTreeFiles.read(root: $0, except: snapshot) } ?? .init())
            try area.install(rehearser.doubles)
        } catch {
            throw .failed("cannot lay out the rehearsal: \(error)")
        }
        defer { area.remove() }
        report.runs = rehearser.rehearse(selection.steps, in: area, environment: env.values)
        report.verdict = RehearsalReport.judge(report.runs, deletesAllowed: selection.deletesAllowed)
        return report
    }

    /// Variables from an env file: `NAME=value` and `export NAME=value` lines, `#` comments,
    /// values optionally in single or double quotes (no expansion: the file is data).
    public static func readEnvFile(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingWhitespace() }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let name = String(line[..<eq])
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else { continue }
            var value = String(line[line.index(after: eq)...])
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            out[name] = value
        }
        return out
    }
}
