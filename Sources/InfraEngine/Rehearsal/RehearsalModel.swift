import Foundation

/// One script (a task, the entrypoint) run once in the sandbox, and what it did.
public struct StepRun: Sendable, Equatable, Codable {
    /// The task name, or the script path relative to the repository.
    public var step: String
    /// 1 or 2.
    public var run: Int
    public var status: Int32
    public var timedOut: Bool
    public var outputCut: Bool
    /// Its create, apply and delete calls, in order.
    public var mutating: [RecordedCall]
    /// Calls that failed (rc != 0), of any kind.
    public var failedCalls: [RecordedCall]
    /// Unmodelled commands the script ran.
    public var unmodelled: [String]
    /// The first line of its output that reads like an error.
    public var firstError: String?
    /// Every `unbound variable`, `command not found` and `No such file` line.
    public var problems: [String]
    public var seconds: Double

    /// Wall time; not encoded, so the same tree gives the same plan bytes.
    enum CodingKeys: String, CodingKey {
        case step, run, status, timedOut, outputCut, mutating, failedCalls, unmodelled, firstError, problems
    }

    public init(step: String, run: Int, status: Int32, timedOut: Bool, outputCut: Bool, mutating: [RecordedCall],
                failedCalls: [RecordedCall], unmodelled: [String], firstError: String?, problems: [String], seconds: Double) {
        self.step = step
        self.run = run
        self.status = status
        self.timedOut = timedOut
        self.outputCut = outputCut
        self.mutating = mutating
        self.failedCalls = failedCalls
        self.unmodelled = unmodelled
        self.firstError = firstError
        self.problems = problems
        self.seconds = seconds
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(step: try c.decode(String.self, forKey: .step), run: try c.decode(Int.self, forKey: .run),
                  status: try c.decode(Int32.self, forKey: .status), timedOut: try c.decode(Bool.self, forKey: .timedOut),
                  outputCut: try c.decode(Bool.self, forKey: .outputCut), mutating: try c.decode([RecordedCall].self, forKey: .mutating),
                  failedCalls: try c.decode([RecordedCall].self, forKey: .failedCalls), unmodelled: try c.decode([String].self, forKey: .unmodelled),
                  firstError: try c.decodeIfPresent(String.self, forKey: .firstError), problems: try c.decode([String].self, forKey: .problems),
                  seconds: 0)
    }

    public var passed: Bool { status == 0 && !timedOut && !outputCut }
    public var creates: [RecordedCall] { mutating.filter { $0.callClass == .create } }
    public var deletes: [RecordedCall] { mutating.filter { $0.callClass == .delete } }

    /// Deletes that remove something for good: not routine pruning (old images, finished
    /// jobs; `TaskRoles.isRoutineDelete`), nor the first half of the re-runnable idiom
    /// `delete x --ignore-not-found` then `create x`, where the same script makes the same
    /// thing again further on. The entrypoint's TEARDOWN_TASKS is read the same way.
    public var removals: [RecordedCall] {
        mutating.enumerated().filter { i, call in
            call.callClass == .delete && !TaskRoles.isRoutineDelete(call.args, tool: call.tool)
                && !mutating[(i + 1)...].contains { later in later.callClass != .delete && Self.remakes(later, call) }
        }.map(\.element)
    }

    /// Creates that are not the second half of a delete-then-create of the same thing.
    public var createsAfresh: [RecordedCall] {
        mutating.enumerated().filter { i, call in
            call.callClass == .create && !mutating[..<i].contains { earlier in earlier.callClass == .delete && Self.remakes(call, earlier) }
        }.map(\.element)
    }

    /// Whether `make` (a create or apply) makes what `delete` removed: same tool and script,
    /// and the same resource, or every word the delete names besides its verb.
    static func remakes(_ make: RecordedCall, _ delete: RecordedCall) -> Bool {
        guard make.tool == delete.tool, make.script == delete.script else { return false }
        if let a = make.resource, let b = delete.resource, a == b { return true }
        let named = Set(delete.args.filter { !$0.hasPrefix("-") && !TaskRoles.deletingVerbs.contains($0) })
        return !named.isEmpty && named.isSubset(of: Set(make.args))
    }
}

/// The outcome of `infra-tui rehearse`: what ran, with which environment, both runs, and
/// the verdict (run 1 passes; run 2 passes and repeats no create; a full run deletes
/// nothing unless a teardown task was asked for; no run prints an `unbound variable`,
/// `command not found` or `No such file` line).
public struct RehearsalReport: Sendable, Equatable, Codable {
    /// nil when rehearsal ran; else why nothing ran ("bubblewrap (bwrap) is not installed").
    public var skipped: String?
    /// What ran: the entrypoint's path, or `tasks` (each numbered task in order), or the task
    /// named by --only.
    public var target: String
    /// Variables set to typed placeholders because the environment lacked them, by name.
    public var placeholders: [String: String]
    /// Tasks left out of a full run because they tear down.
    public var teardown: [String]
    public var runs: [StepRun]
    public var verdict: Verdict

    public struct Verdict: Sendable, Equatable, Codable {
        public var passed: Bool
        /// One line per broken promise, naming the step and the call or line.
        public var reasons: [String]
    }

    /// The verdict over `runs`; `deletesAllowed` when a teardown task was asked for.
    public static func judge(_ runs: [StepRun], deletesAllowed: Bool) -> Verdict {
        var reasons: [String] = []
        for step in runs where !step.passed {
            let why = step.timedOut ? "killed at the time limit" : step.outputCut ? "output over the limit" : "exit \(step.status)"
            reasons.append("run \(step.run): \(step.step) fails (\(why))" + (step.firstError.map { ": \($0)" } ?? ""))
        }
        for step in runs where step.run == 2 {
            for call in step.createsAfresh { reasons.append("run 2: \(step.step) creates again: \(call.shellLine)") }
        }
        // A script without `set -e` goes on past a missing command, variable or file and
        // exits 0: the line is still a broken promise.
        for step in runs where step.passed {
            if let line = step.problems.first { reasons.append("run \(step.run): \(step.step) prints: \(line)") }
        }
        if !deletesAllowed {
            for step in runs where step.run == 1 {
                for call in step.removals { reasons.append("run 1: \(step.step) deletes: \(call.shellLine)") }
            }
        }
        return Verdict(passed: reasons.isEmpty, reasons: reasons)
    }
}
