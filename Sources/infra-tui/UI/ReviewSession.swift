import Foundation
import InfraEngine
import Synchronization
import TUICore

/// Events produced off the key loop (background validation, edit checks), picked up between
/// keys. Posting also writes a byte to a pipe the key loop waits on beside the terminal, so a
/// result is shown at once, not at the next key or timeout.
final class Inbox: Sendable {
    private let events = Mutex<[Event]>([])
    /// Read end (the key loop polls it) and write end of the wake-up pipe.
    let wakeFD: Int32
    private let wakeWriteFD: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        (wakeFD, wakeWriteFD) = (fds[0], fds[1])
        // Signal handlers write here too, so SIGTERM is seen without waiting for the poll timeout.
        signalWakeFD.store(wakeWriteFD, ordering: .relaxed)
    }

    deinit {
        signalWakeFD.store(-1, ordering: .relaxed)
        close(wakeFD)
        close(wakeWriteFD)
    }

    func post(_ event: Event) {
        events.withLock { $0.append(event) }
        var byte: UInt8 = 1
        _ = write(wakeWriteFD, &byte, 1)
    }

    func drain() -> [Event] {
        // Empty the pipe first: a post after this leaves its byte, so no wake-up is lost.
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeFD, &buffer, buffer.count) > 0 {}
        return events.withLock { let out = $0; $0 = []; return out }
    }
}

/// The interactive review: plans at once without the external validators (so the queue is
/// up in a blink), validates in the background once the first frame is painted (bash and
/// shellcheck would otherwise compete with it for the CPU), and runs the key loop on its own
/// thread so blocking on the terminal never starves Swift's cooperative pool.
enum ReviewSession {
    static func run(root: URL, infraDir: String) async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw EngineError.usage("the review UI needs a terminal (stdin and stdout are not one); use `infra-tui plan` for text output")
        }
        let (plan, snapshot) = try PlanPipeline.unvalidated(root: root, infraDir: infraDir)
        let inbox = Inbox()
        let validation = Mutex<Task<Void, Never>?>(nil)
        let validate: @Sendable () -> Void = {
            validation.withLock {
                $0 = Task.detached {
                    let validated = await PlanPipeline.validate(plan, snapshot: snapshot)
                    inbox.post(.validated(validated))
                }
            }
        }
        defer { validation.withLock { $0?.cancel() } }
        let exportDefault = root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + "-series").path
        let state = AppState(plan: plan, root: root.path, validating: true, defaultExportFolder: exportDefault,
                             resume: SessionStore.load(root: root, infraDir: infraDir), ownWrites: OwnWrites.load(root: root))
        let loop = KeyLoop(root: root, infraDir: infraDir, inbox: inbox, afterFirstPaint: validate)
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

/// The loop: drain results, read every key already typed, update for each, perform effects,
/// paint once. Curses is stopped on every way out of `run`. Nothing slow runs here but the
/// editor (which has the terminal) and writing or exporting (which the person waits for);
/// checks and validation post their results to the inbox.
final class KeyLoop: @unchecked Sendable {
    let root: URL
    let infraDir: String
    let inbox: Inbox
    let afterFirstPaint: @Sendable () -> Void

    init(root: URL, infraDir: String, inbox: Inbox, afterFirstPaint: @escaping @Sendable () -> Void = {}) {
        self.root = root
        self.infraDir = infraDir
        self.inbox = inbox
        self.afterFirstPaint = afterFirstPaint
    }

    /// The exit status: 0 after q, 128+signal after an interrupt.
    func run(_ initial: AppState) -> Result<Int32, UIError> {
        let curses: Curses
        do { curses = try Curses() } catch let error as UIError { return .failure(error) } catch { return .failure(UIError("\(error)")) }
        defer { curses.stop() }
        var state = initial
        var pending: [Event] = [.resize(width: curses.width, height: curses.height)]
        var firstPaint = true
        let trace = FrameTrace()
        while true {
            let signal = pendingSignal.load(ordering: .relaxed)
            if signal != 0 { return .success(128 + signal) }
            pending += inbox.drain()
            // Nothing happened since the last paint: wait for a key (or a result) without redrawing.
            if pending.isEmpty {
                guard let event = curses.waitForKey(orReadable: inbox.wakeFD) else { continue }
                pending.append(event)
                // A held key's repeats queue up: handle all of them, then paint once.
                while pending.count < 1024, let more = curses.readKey() { pending.append(more) }
            }
            let started = FrameTrace.now()
            let events = pending.count
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
            let grid = render(state, width: curses.width, height: curses.height)
            let rendered = FrameTrace.now()
            curses.paint(grid)
            trace?.record(events: events, started: started, rendered: rendered)
            if firstPaint {
                firstPaint = false
                FirstFrameTrace.painted()
                afterFirstPaint()
            }
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
            return .editSaved(id: id, kind: kind, text: edited)
        case .check(let id, let kind, let text):
            return check(id: id, kind: kind, text: text, state: state)
        case .write(let ops, let refusing):
            // The same workflow as `infra-tui apply`; the refusals are `ReviewWorkflow.refusals`,
            // worked out by the core for its confirmation.
            do {
                let report = try ReviewWorkflow.write(ops, root: root, refusing: refusing)
                return .wrote(report)
            } catch {
                return .failed("Write failed: \(error.message)")
            }
        case .export(let ops, let folder, let overrides):
            do {
                let report = try ReviewWorkflow.export(ops, root: root, repo: root.path, to: folder, overrides: overrides)
                return .exported(folder: report.folder.path, files: report.files, leftOut: report.leftOut)
            } catch {
                return .failed("Export failed: \(error.message)")
            }
        case .copy(let text):
            Handoff.copyToClipboard(text)
            return nil
        case .view(let path, let line):
            // Only files of the repository: a patch's path could name anything.
            if let problem = PathGuard.problem(with: path, root: root) { return .failed("Not opened: \(problem)") }
            return Handoff.view(root.appendingPathComponent(path), line: line, curses: curses)
        }
    }

    /// Re-validates an edit with the engine. An ops block is parsed at once; a patch is staged
    /// and validated (bash -n, shellcheck: up to a second or so) in a task that posts the
    /// result to the inbox, so the keys keep working meanwhile.
    func check(id: String, kind: EditKind, text: String, state: AppState) -> Event? {
        switch kind {
        case .ops:
            let all = state.operations.compactMap { state.gate.effective($0.id) }
            return Self.finished(id, kind, text, EditCheck.ops(text, id: id, operations: all))
        case .patch:
            let series = state.operations.filter { !state.written.contains($0.id) }.compactMap { state.gate.effective($0.id) }
            let (root, infraDir, inbox) = (self.root, self.infraDir, self.inbox)
            Task.detached {
                let result = await EditCheck.patch(text, id: id, operations: series, root: root, infraDir: infraDir)
                inbox.post(Self.finished(id, kind, text, result))
            }
            return nil
        }
    }

    static func finished(_ id: String, _ kind: EditKind, _ text: String, _ result: Result<InfraEngine.Operation, EngineError>) -> Event {
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
        try Handoff.runEditor("\(editor) \"$1\"", file: file, name: editor)
        return try String(contentsOf: file, encoding: .utf8)
    }
}

extension UIError: CustomStringConvertible { var description: String { message } }
