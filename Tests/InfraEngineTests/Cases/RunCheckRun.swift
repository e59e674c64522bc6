import Foundation
import Testing
@testable import InfraEngine

/// One pass over a case's Run check on the tree as it is on disk now: the tree (and the rest
/// of the working folder) laid once, each invocation rehearsed in turn; invocations sharing a
/// `--state` share the double state and the tree, as twice.sh's do.
struct RunCheckRun {
    let c: CaseRepo
    let rehearser: Rehearser

    init(_ c: CaseRepo, _ rehearser: Rehearser) {
        self.c = c
        self.rehearser = rehearser
    }

    func judge(_ outcomes: [RunCheckTests.Outcome?], name: String, checkCalls: Bool) throws {
        let snapshot = try RepoReader(root: c.root, infraDir: c.infraDir).read()
        let extras = WorkingTreeFiles.read(root: c.root, except: snapshot)
        var areas: [String: RehearsalArea] = [:]
        defer { for area in areas.values { area.remove() } }
        func area(_ key: String) throws -> RehearsalArea {
            if let known = areas[key] { return known }
            let made = try RehearsalArea()
            made.lay(snapshot, extras: extras)
            try made.install(rehearser.doubles)
            areas[key] = made
            return made
        }
        let parsing = try area("parse")
        let invocations = try RunCheckSection.invocations(try c.section(), tree: parsing.tree.path, sandbox: rehearser.sandbox)
        let says = try #require(RunCheckTests.says[c.name])
        var states = Set<String>()
        for (i, inv) in invocations.enumerated() where i < outcomes.count {
            guard let outcome = outcomes[i] else { continue }
            let what = "\(name) #\(i + 1) `\(inv.command)`"
            let say = says[i]
            // A shared --state keeps its area; any other invocation starts on a fresh copy.
            let key = inv.state.map { "state:\($0)" } ?? "inv:\(i)"
            let here = try area(key)
            let fresh = inv.state.map { states.insert($0).inserted } ?? true
            var env = inv.environment.mapValues { $0.replacingOccurrences(of: parsing.tree.path, with: here.tree.path) }
            for (k, v) in say.env { env[k] = v }
            let command = inv.command.replacingOccurrences(of: parsing.tree.path, with: here.tree.path)
            let runs = run(command, folder: inv.folder, env: env, once: inv.once, in: here, fresh: fresh, say: say)
            let calls = RecordedCall.read(folder: here.state)
            check(outcome, runs, calls, what)
            guard checkCalls else { continue }
            let lines = calls.map { " " + $0.shellLine + " " }
            for text in say.calls { #expect(lines.contains { $0.contains(text) }, "\(what): no call holds \(text)\n\(lines.joined(separator: "\n"))") }
            for text in say.noCalls { #expect(!lines.contains { $0.contains(text) }, "\(what): a call holds \(text)") }
            if let (text, count) = say.callCount { #expect(lines.filter { $0.contains(text) }.count == count, "\(what): calls holding \(text)") }
            for (path, text, count) in say.logs {
                let log = (try? String(contentsOf: here.tree.appendingPathComponent(path), encoding: .utf8)) ?? ""
                #expect(log.split(separator: "\n").filter { $0.contains(text) }.count == count, "\(what): \(path) lines with \(text)\n\(log)")
            }
            for variable in say.without {
                var less = env
                less[variable] = nil
                let alone = try RehearsalArea()
                defer { alone.remove() }
                alone.lay(snapshot, extras: extras)
                try alone.install(rehearser.doubles)
                let stopped = run(command, folder: inv.folder, env: less, once: true, in: alone, fresh: true, say: say)
                let said = stopped.flatMap { [$0.firstError ?? ""] + $0.problems }.joined(separator: "\n")
                #expect(stopped.contains { !$0.passed }, "\(what) without \(variable): it did not stop")
                #expect(said.contains(variable), "\(what) without \(variable): the message does not name it: \(said)")
                let made = RecordedCall.read(folder: alone.state).filter(\.isMutating)
                #expect(made.isEmpty, "\(what) without \(variable): calls before stopping: \(made.map(\.shellLine))")
            }
        }
    }

    private func run(_ command: String, folder: String, env: [String: String], once: Bool, in area: RehearsalArea, fresh: Bool,
                     say: RunCheckTests.Says) -> [StepRun] {
        let step = RehearsalStep(name: "run check", argv: ["bash", "-c", command], folder: folder)
        return rehearser.rehearse([step], in: area, environment: env, times: once ? 1 : 2, freshState: fresh) { area in
            for (path, text) in say.files {
                let target = path.hasPrefix("/tmp/") ? area.systemTmp.appendingPathComponent(String(path.dropFirst(5)))
                    : area.tree.appendingPathComponent(path)
                try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? Data(text.utf8).write(to: target)
            }
            for path in say.removes { try? FileManager.default.removeItem(at: area.tree.appendingPathComponent(path)) }
        }
    }

    private func check(_ outcome: RunCheckTests.Outcome, _ runs: [StepRun], _ calls: [RecordedCall], _ what: String) {
        let report = runs.map { "run \($0.run): exit \($0.status) \($0.firstError ?? "") \($0.problems)" }.joined(separator: "\n")
        switch outcome {
        case .passes:
            #expect(runs.allSatisfy { $0.passed }, "\(what)\n\(report)")
            #expect(runs.filter { $0.run == 2 }.flatMap(\.creates).isEmpty, "\(what): run 2 creates\n\(report)")
            #expect(!calls.contains { $0.callClass == .create && $0.rc != 0 }, "\(what): a create failed\n\(report)")
            #expect(runs.allSatisfy { $0.problems.isEmpty }, "\(what)\n\(report)")
        case .exitsZero:
            #expect(runs.allSatisfy { $0.status == 0 }, "\(what)\n\(report)")
        case .fails(let text):
            #expect(runs.contains { !$0.passed }, "\(what): expected a failure\n\(report)")
            if let text {
                let said = runs.flatMap { [$0.firstError ?? ""] + $0.problems } + calls.compactMap(\.message)
                #expect(said.contains { $0.contains(text) }, "\(what): nothing says \(text)\n\(report)")
            }
        }
    }
}
