import Foundation

/// One script to rehearse: a name for the report and the command, run from the tree's root.
public struct RehearsalStep: Sendable, Equatable, Hashable {
    public var name: String
    /// Relative to the tree (`bash ai/infra/init.sh`): the program is looked up inside.
    public var argv: [String]
    /// Where it starts: nil for the tree's root, else a folder relative to the tree
    /// (`ai/infra`) or an absolute path inside the sandbox (`/tmp`), as a person may run a
    /// task from anywhere.
    public var folder: String?

    public init(name: String, argv: [String], folder: String? = nil) {
        self.name = name
        self.argv = argv
        self.folder = folder
    }

    /// `bash PATH`: how a task or entrypoint is run whatever its mode or shebang.
    public static func script(_ path: String, name: String? = nil) -> RehearsalStep {
        // Relative to the tree, always (a scaffolding at the repository root has no folder).
        let relative = path.hasPrefix("/") ? String(path.drop { $0 == "/" }) : path
        return RehearsalStep(name: name ?? relative, argv: ["bash", relative])
    }
}

/// Runs steps in the sandbox against the doubles, on one area, and reads back what each
/// step did: its exit, its calls (from the doubles' log, by position), its error lines.
public struct Rehearser: Sendable {
    public let sandbox: Sandbox
    public let doubles: DoublesBinary

    public init(sandbox: Sandbox, doubles: DoublesBinary) {
        self.sandbox = sandbox
        self.doubles = doubles
    }

    /// The sandbox and the doubles when both are here, else why rehearsal is skipped.
    public static func ready(limits: Sandbox.Limits = .init()) -> Result<Rehearser, RehearsalUnavailable> {
        switch Sandbox.probe() {
        case .unavailable(let reason): return .failure(RehearsalUnavailable(reason: reason))
        case .ready(let bwrap):
            guard let doubles = DoublesBinary.find() else {
                return .failure(RehearsalUnavailable(reason: "the test doubles (infra-tui-double) are not built beside infra-tui"))
            }
            return .success(Rehearser(sandbox: Sandbox(bwrap: bwrap, limits: limits), doubles: doubles))
        }
    }

    /// Runs `steps` in order, `times` times over, on one double state: fresh at the start
    /// (then `prepare` may lay what a person makes first, such as a key file in /tmp), or,
    /// with `freshState: false`, what an earlier rehearsal in `area` left.
    public func rehearse(_ steps: [RehearsalStep], in area: RehearsalArea, environment: [String: String], times: Int = 2,
                         freshState: Bool = true, prepare: ((RehearsalArea) -> Void)? = nil) -> [StepRun] {
        if freshState { area.resetState() }
        area.makePlaceholderFiles(environment)
        prepare?(area)
        if let timeout = StepBatch.timeout, !steps.isEmpty { return batch(steps, in: area, environment: environment, times: times, timeout: timeout) }
        var out: [StepRun] = []
        var seen = freshState ? 0 : RecordedCall.read(folder: area.state).count
        for run in 1...max(1, times) {
            let env = area.environment(environment, run: run)
            for step in steps {
                let result = sandbox.run(step.argv, writable: area.writable, readOnly: [area.root.path, doubles.bound],
                                           systemTmp: area.systemTmp.path, workingDirectory: area.folder(step.folder), environment: env)
                let calls = RecordedCall.read(folder: area.state)
                let mine = Array(calls.dropFirst(seen))
                seen = calls.count
                out.append(Self.summary(step.name, run: run, result, mine, area: area))
            }
        }
        return out
    }

    /// `rehearse` in one sandbox (StepBatch): the per-step limits hold inside it, and the
    /// whole batch has the sum of them (plus a little) before it is killed.
    private func batch(_ steps: [RehearsalStep], in area: RehearsalArea, environment: [String: String], times: Int,
                       timeout: String) -> [StepRun] {
        let runs = 1...max(1, times)
        let driver = area.bin.appendingPathComponent("steps.sh")
        let limits = sandbox.limits
        try? FileManager.default.removeItem(at: StepBatch.outputs(area))
        try? FileManager.default.createDirectory(at: StepBatch.outputs(area), withIntermediateDirectories: true)
        guard (try? Data(StepBatch.script(steps, runs: runs, area: area, limits: limits, timeout: timeout).utf8).write(to: driver)) != nil else {
            return []
        }
        // A state kept from an earlier rehearsal (freshState: false) holds its calls too.
        let earlier = RecordedCall.read(folder: area.state).count
        var outer = sandbox
        outer.limits.wallSeconds = Double(steps.count * runs.count) * (limits.wallSeconds + 2) + 5
        _ = outer.run(["/bin/bash", driver.path], writable: area.writable, readOnly: [area.root.path, doubles.bound],
                      systemTmp: area.systemTmp.path, workingDirectory: area.tree.path, environment: area.environment(environment, run: runs.lowerBound))
        let calls = Array(RecordedCall.read(folder: area.state).dropFirst(earlier))
        var out: [StepRun] = []
        for run in runs {
            for (i, step) in steps.enumerated() {
                let label = StepBatch.label(run: run, index: i)
                let result = StepBatch.result(label, area: area, limits: limits)
                out.append(Self.summary(step.name, run: run, result, StepBatch.calls(calls, label: label, run: run), area: area))
            }
        }
        return out
    }

    /// What varies from one rehearsal of the same bytes to the next, made fixed: the scratch
    /// paths (read as the tree's own), clock times, `mktemp` suffixes. Plans must not change
    /// with the time they were made.
    static func stable(_ s: String, tree: String, root: String) -> String {
        var s = s
        if s.contains(root) {
            s = s.replacingOccurrences(of: tree + "/", with: "").replacingOccurrences(of: tree, with: ".")
                .replacingOccurrences(of: root, with: "<rehearsal>")
        }
        guard s.contains(where: \.isNumber) || s.contains("tmp.") else { return s }
        for (pattern, with) in volatile { s = s.replacingOccurrences(of: pattern, with: with, options: .regularExpression) }
        return s
    }

    static let volatile = [
        (#"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"#, "<time>"),
        (#"\b[0-9]{2}:[0-9]{2}:[0-9]{2}\b"#, "<time>"),
        (#"tmp\.[A-Za-z0-9]{6,}"#, "tmp.XXXXXXXXXX"),
    ]

    static let problemMarks = ["unbound variable", "command not found", "No such file"]
    static let errorMarks = ["error", "Error", "ERROR", "fatal", "FATAL", "failed", "Failed", "denied", "already exists",
                             "AlreadyExists", "not found", "NotFound", "No such file", "unbound variable", "Read-only file system",
                             "cannot", "Cannot", "not set", "rehearsal:"]

    static func summary(_ name: String, run: Int, _ result: Sandbox.Run, _ calls: [RecordedCall], area: RehearsalArea) -> StepRun {
        // Paths inside the scratch area read as the tree's own, so runs in two areas compare.
        let tree = area.tree.path, root = area.root.path
        func local(_ s: String) -> String { stable(s, tree: tree, root: root) }
        // Credentials a script passes or prints never reach the plan, an export or the cache.
        let calls = calls.map { call -> RecordedCall in
            var c = call
            c.args = SecretMask.redact(words: [c.tool] + c.args.map(local)).dropFirst().map { $0 }
            c.script = c.script.map(local)
            c.resource = c.resource.map(local)
            c.message = c.message.map { SecretMask.redact(line: local($0)) }
            return c
        }
        let lines = result.output.split(separator: "\n").map { SecretMask.redact(line: local(String($0))) }
        let problems = lines.filter { line in problemMarks.contains { line.contains($0) } }
        // A failed create, apply or delete says best why a step failed (the double's message
        // joins gcloud's detail line); failed probes are how guards work, so they say nothing.
        var firstError = calls.first { $0.isMutating && $0.rc != 0 }?.message
            ?? lines.first { line in errorMarks.contains { line.contains($0) } }
        if firstError == nil, result.status != 0 { firstError = lines.last { !$0.trimmingWhitespace().isEmpty } }
        // An entrypoint's "task X failed; see logs/X.log" says where, not why, and its log
        // lives in the scratch copy, gone with it: the task's own line says why, after the
        // task's name (the validation's check tells a task's failure from the entrypoint's own).
        if let pointer = firstError, pointsAtLog(pointer), let better = taskError(before: pointer, lines: lines, raw: result.output, area: area) {
            firstError = loggedTask(pointer).map { "\($0): \(better)" } ?? better
        }
        return StepRun(step: name, run: run, status: result.status, timedOut: result.timedOut, outputCut: result.outputCut,
                       mutating: calls.filter(\.isMutating), failedCalls: calls.filter { $0.rc != 0 },
                       unmodelled: calls.filter { $0.kind == "unmodelled" }.map(\.shellLine),
                       firstError: firstError.map { String($0.prefix(300)) }, problems: Array(problems.prefix(20)),
                       seconds: result.seconds)
    }
}

extension Rehearser {
    /// A line that sends the reader to a log file (`see logs/010-x.log`, `(log: …)`) rather
    /// than saying what went wrong.
    static func pointsAtLog(_ line: String) -> Bool {
        guard line.range(of: #"\.log\b"#, options: .regularExpression) != nil else { return false }
        let lower = line.lowercased()
        return ["see ", "check ", "(log:", " log: ", "details in", "look at", "tail ", "logged to", " log at "].contains { lower.contains($0) }
    }

    /// The numbered task whose log `line` names (`see logs/010-x.log` -> `010-x`), if any.
    static func loggedTask(_ line: String) -> String? {
        guard let range = line.range(of: #"[^\s;,:'"()/]+\.log\b"#, options: .regularExpression) else { return nil }
        let name = String(line[range].dropLast(4))
        return InfraLayout.isNumberedScript(name + ".sh") ? name : nil
    }

    /// The failing task's own first error line, for an entrypoint's line `pointer` that only
    /// names the task's log: from the output between the line that started the task (the
    /// last earlier line naming a log) and `pointer`, else from that log inside the sandbox,
    /// read before the sandbox goes. The first line that reads like an error, else the last
    /// line the task printed; nil when neither has one.
    static func taskError(before pointer: String, lines: [String], raw: String, area: RehearsalArea) -> String? {
        func pick(_ candidates: [String]) -> String? {
            let said = candidates.filter { !$0.trimmingWhitespace().isEmpty && !pointsAtLog($0) }
            return said.first { line in errorMarks.contains { line.contains($0) } } ?? said.last
        }
        if let end = lines.firstIndex(of: pointer) {
            let start = lines[..<end].lastIndex(where: pointsAtLog).map { $0 + 1 } ?? 0
            if let line = pick(Array(lines[start..<end])) { return line }
        }
        // The log the raw line names (an absolute path in the scratch area, or one relative to the tree).
        let tree = area.tree.path, root = area.root.path
        let rawLines = raw.split(separator: "\n").map(String.init)
        guard let rawLine = rawLines.first(where: { stable(SecretMask.redact(line: $0), tree: tree, root: root) == pointer }) ?? rawLines.first(where: pointsAtLog),
              let range = rawLine.range(of: #"[^\s;,:'"()]+\.log\b"#, options: .regularExpression) else { return nil }
        var path = String(rawLine[range])
        if !path.hasPrefix("/") { path = tree + "/" + path }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
        guard resolved.hasPrefix(root + "/"), let data = FileManager.default.contents(atPath: resolved) else { return nil }
        let logged = String(decoding: data.prefix(1 << 20), as: UTF8.self).split(separator: "\n")
            .map { SecretMask.redact(line: stable(String($0), tree: tree, root: root)) }
        return pick(logged)
    }
}

/// Why rehearsal cannot run here; reported as "skipped: <reason>".
public struct RehearsalUnavailable: Error, Sendable, Equatable {
    public let reason: String
}
