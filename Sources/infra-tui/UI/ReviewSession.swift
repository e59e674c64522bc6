import Foundation
import InfraEngine
import Synchronization
import TUICore

/// Events produced off the key loop (background validation), picked up between keys.
final class Inbox: Sendable {
    private let events = Mutex<[Event]>([])
    func post(_ event: Event) { events.withLock { $0.append(event) } }
    func drain() -> [Event] { events.withLock { let out = $0; $0 = []; return out } }
}

/// The interactive review: plans at once without the external validators (so the queue is
/// up in a blink), validates in the background, and runs the key loop on its own thread so
/// blocking on the terminal never starves Swift's cooperative pool.
enum ReviewSession {
    static func run(root: URL, infraDir: String) async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw EngineError.usage("the review UI needs a terminal (stdin and stdout are not one); use `infra-tui plan` for text output")
        }
        let snapshot = try RepoReader(root: root, infraDir: infraDir).read()
        let plan = try Planner.plan(snapshot: snapshot, repo: root.path, options: PlanOptions(infraDir: infraDir))
        let inbox = Inbox()
        let validation = Task.detached {
            let validated = await Validator(useExternalTools: true).validate(plan, original: snapshot)
            inbox.post(.validated(validated))
        }
        defer { validation.cancel() }
        let exportDefault = root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + "-series").path
        let state = AppState(plan: plan, root: root.path, validating: true, defaultExportFolder: exportDefault,
                             resume: SessionStore.load(root: root, infraDir: infraDir))
        let loop = KeyLoop(root: root, infraDir: infraDir, inbox: inbox)
        let outcome: Result<Int32, UIError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: loop.run(state)) }
            thread.stackSize = 8 << 20
            thread.start()
        }
        switch outcome {
        case .success(let code) where code != 0: throw SilentFailure(code: code)
        case .success: return
        case .failure(let error): throw EngineError.usage(error.message)
        }
    }
}

/// The loop: drain results, paint, read a key, update, perform effects. Curses is stopped on
/// every way out of `run`.
final class KeyLoop: @unchecked Sendable {
    let root: URL
    let infraDir: String
    let inbox: Inbox

    init(root: URL, infraDir: String, inbox: Inbox) {
        self.root = root
        self.infraDir = infraDir
        self.inbox = inbox
    }

    /// The exit status: 0 after q, 128+signal after an interrupt.
    func run(_ initial: AppState) -> Result<Int32, UIError> {
        let curses: Curses
        do { curses = try Curses() } catch let error as UIError { return .failure(error) } catch { return .failure(UIError("\(error)")) }
        defer { curses.stop() }
        var state = initial
        var pending: [Event] = [.resize(width: curses.width, height: curses.height)]
        while true {
            let signal = pendingSignal.load(ordering: .relaxed)
            if signal != 0 { return .success(128 + signal) }
            pending += inbox.drain()
            // Nothing happened since the last paint: wait for a key without redrawing.
            if pending.isEmpty {
                if let event = curses.readKey() { pending.append(event) }
                continue
            }
            while !pending.isEmpty {
                let event = pending.removeFirst()
                let (next, effects) = update(state, event)
                state = next
                for effect in effects {
                    if case .quit = effect { return .success(0) }
                    if let answer = perform(effect, state: state, curses: curses) {
                        pending.append(answer)
                        // Show "Writing…" and the like before the slow part answers.
                        curses.paint(render(state, width: curses.width, height: curses.height))
                    }
                }
            }
            curses.paint(render(state, width: curses.width, height: curses.height))
            FirstFrameTrace.painted()
        }
    }

    /// Does one piece of work for the core and says how it went.
    func perform(_ effect: Effect, state: AppState, curses: Curses) -> Event? {
        switch effect {
        case .quit:
            return nil
        case .save(let record):
            do { try SessionStore.save(record, root: root) } catch { return .failed("Cannot save the review for resuming: \(error.message)") }
            return nil
        case .edit(let id, let kind, let text):
            let edited: String
            do { edited = try curses.suspend { try Editor.edit(text, name: "\(id).\(kind == .patch ? "patch" : "ops.md")") } }
            catch { return .failed("Editor: \(error)") }
            if edited == text && state.drafts[AppState.draftKey(id, kind)] == nil { return .editUnchanged(id: id, kind: kind) }
            curses.paint(render(state, width: curses.width, height: curses.height))
            return check(id: id, kind: kind, text: edited, state: state)
        case .recheck(let id, let kind, let text):
            return check(id: id, kind: kind, text: text, state: state)
        case .write(let ops, let refusing):
            do {
                let report = try PlanWriter.apply(ops, root: root, checkBaseline: true, refusing: refusing)
                return .wrote(report)
            } catch {
                return .failed("Write failed: \(error.message)")
            }
        case .export(let ops, let folder):
            let url = URL(fileURLWithPath: (folder as NSString).expandingTildeInPath)
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                let files = try PatchSeriesExporter.export(ops, repo: root.path, to: url)
                return .exported(folder: url.path, files: files)
            } catch let error as EngineError {
                return .failed("Export failed: \(error.message)")
            } catch {
                return .failed("Export failed: cannot create \(url.path): \(error.localizedDescription)")
            }
        }
    }

    /// Re-validates an edit with the engine (blocking this thread, not the pool).
    func check(id: String, kind: EditKind, text: String, state: AppState) -> Event {
        let series = state.operations.filter { !state.written.contains($0.id) }.compactMap { state.gate.effective($0.id) }
        let result: Result<InfraEngine.Operation, EngineError>
        switch kind {
        case .ops:
            let all = state.operations.compactMap { state.gate.effective($0.id) }
            result = EditCheck.ops(text, id: id, operations: all)
        case .patch:
            let box = Mutex<Result<InfraEngine.Operation, EngineError>?>(nil)
            let done = DispatchSemaphore(value: 0)
            let (root, infraDir) = (self.root, self.infraDir)
            Task.detached {
                let r = await EditCheck.patch(text, id: id, operations: series, root: root, infraDir: infraDir)
                box.withLock { $0 = r }
                done.signal()
            }
            done.wait()
            result = box.withLock { $0 } ?? .failure(.failed("the check did not finish"))
        }
        switch result {
        case .success(let op): return .editFinished(id: id, kind: kind, text: text, outcome: .accepted(op))
        case .failure(let error): return .editFinished(id: id, kind: kind, text: text, outcome: .refused(error.message))
        }
    }
}

/// Runs the person's editor on a temporary file holding `text` and returns what they saved.
enum Editor {
    static func edit(_ text: String, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-edit-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Through the shell, so an editor given with arguments ("code --wait") works.
        process.arguments = ["-c", "\(editor) \"$1\"", "infra-tui-editor", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw UIError("\(editor) exited with status \(process.terminationStatus); nothing changed")
        }
        return try String(contentsOf: file, encoding: .utf8)
    }
}

extension UIError: CustomStringConvertible { var description: String { message } }
