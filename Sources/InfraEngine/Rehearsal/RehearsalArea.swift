import Foundation
import PatchKit
import TestDoubles
#if canImport(Glibc)
import Glibc
#endif

/// The folders one rehearsal owns, side by side in a scratch folder outside the person's
/// tree: `tree/` (a copy of the repository, the scripts' working folder), `home/` and `tmp/`
/// (their HOME and TMPDIR), `state/` (the doubles' shared state and call log) and `bin/`
/// (the doubles, first on PATH, and the `BASH_ENV` file). Only these are writable inside
/// the sandbox; the scratch folder itself is not, so `../outside` from the tree fails.
public struct RehearsalArea: Sendable {
    public let root: URL
    public var tree: URL { root.appendingPathComponent("tree") }
    public var home: URL { root.appendingPathComponent("home") }
    public var tmp: URL { root.appendingPathComponent("tmp") }
    public var state: URL { root.appendingPathComponent("state") }
    public var bin: URL { root.appendingPathComponent("bin") }
    /// The sandbox's /tmp and /var/tmp, kept from run 1 to run 2.
    public var systemTmp: URL { root.appendingPathComponent("systmp") }

    /// A new, empty area (under /dev/shm or $TMPDIR).
    public init() throws {
        root = ToolJobStream.scratchBase().appendingPathComponent("infra-tui-rehearse-\(UUID().uuidString)")
        for dir in [tree, home, tmp, state, bin, systemTmp] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
    }

    /// A step's working folder inside the sandbox: the tree's root for nil, a folder of the
    /// tree for a relative path, an absolute path as is.
    public func folder(_ relative: String?) -> String {
        guard let relative, !relative.isEmpty, relative != "." else { return tree.path }
        return relative.hasPrefix("/") ? relative : tree.appendingPathComponent(relative).path
    }

    /// The folders the sandbox may write.
    public var writable: [String] { [tree, home, tmp, state, systemTmp].map(\.path) }

    /// Lays out every file of `snapshot` in `tree/`, modes kept (symbolic links are not
    /// followed by the reader, so none are made), over `extras`: the rest of the person's
    /// working folder (WorkingTreeFiles), which the snapshot's own files and deletions win over.
    ///
    /// A file kept out of git with a committed template beside it (`env/db.env` from
    /// `env/db.env.example`, `.env` from `.env.sample`) is made from the template when the
    /// working folder lacks it, as the documented set-up step does: a rehearsal runs the
    /// scaffolding as a person who followed the docs would, so a guard for that file is not
    /// taken for a failure.
    ///
    /// `kept`: the tree before a patch that takes a credential file out of git. `apply` leaves
    /// that file on the person's disk (only the index forgets it), so where the patched tree
    /// has a template for a file `kept` has and it lacks, the person's own copy is laid.
    /// `only` limits that to the credential files the caller knows of.
    public func lay(_ snapshot: RepoSnapshot, extras: WorkingTreeFiles = .init(), keeping kept: RepoSnapshot? = nil,
                    only keepable: Set<String> = []) {
        var made = Set<String>()
        if let kept {
            for (path, file) in snapshot.files where file.mode != .symlink {
                guard let local = Self.templateTarget(path), keepable.contains(local), snapshot.files[local] == nil,
                      let own = kept.files[local], own.mode != .symlink else { continue }
                ToolJobStream.put(own.data, tree.appendingPathComponent(local).path, &made)
            }
        }
        for (path, file) in extras.files where snapshot.files[path] == nil && !snapshot.deleted.contains(path) {
            let target = tree.appendingPathComponent(path).path
            ToolJobStream.put(file.data, target, &made)
            if file.mode == .executable { chmod(target, 0o755) }
        }
        for (path, file) in snapshot.files where file.mode != .symlink {
            let target = tree.appendingPathComponent(path).path
            ToolJobStream.put(file.data, target, &made)
            if file.mode == .executable { chmod(target, 0o755) }
        }
        let templates = Set(snapshot.files.keys.filter { snapshot.files[$0]?.mode != .symlink }).union(extras.files.keys)
        for path in templates.sorted() {
            guard let made = Self.templateTarget(path), snapshot.files[made] == nil else { continue }
            let target = tree.appendingPathComponent(made).path
            guard !FileManager.default.fileExists(atPath: target),
                  let data = snapshot.files[path]?.data ?? extras.files[path]?.data else { continue }
            FileManager.default.createFile(atPath: target, contents: data)
        }
        Self.layEmptyRepository(at: tree)
    }

    /// An empty git repository at the copy's root (`HEAD`, `objects/`, `refs/`: what git
    /// needs to recognise one, per gitrepository-layout(5)), so a task that anchors itself with
    /// `git rev-parse --show-toplevel` finds the copy, as it finds the checkout when a person
    /// runs it. It holds no commits: a task that reads history still fails, as it would on a
    /// fresh clone without them. Left alone when the tree brings its own `.git`.
    static func layEmptyRepository(at root: URL) {
        let git = root.appendingPathComponent(".git")
        guard !FileManager.default.fileExists(atPath: git.path) else { return }
        for folder in ["objects", "refs/heads", "refs/tags"] {
            try? FileManager.default.createDirectory(at: git.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        FileManager.default.createFile(atPath: git.appendingPathComponent("HEAD").path, contents: Data("ref: refs/heads/main\n".utf8))
    }

    /// `x.env.example` -> `x.env`, `.env.sample` -> `.env`, `config.yaml.template` -> `config.yaml`;
    /// nil for any other name.
    static func templateTarget(_ path: String) -> String? {
        let marks = ["example", "sample", "template", "tmpl", "dist"]
        for mark in marks where path.hasSuffix("." + mark) {
            let stem = String(path.dropLast(mark.count + 1))
            guard !stem.isEmpty, !stem.hasSuffix("/") else { return nil }
            return stem
        }
        // `kubeconfig.example.yaml` -> `kubeconfig.yaml`.
        let name = String(fileName(path))
        for mark in marks {
            guard let range = name.range(of: "." + mark + "."), range.lowerBound != name.startIndex else { continue }
            let made = name.replacingCharacters(in: range, with: ".")
            let folder = parentFolder(path)
            return folder.isEmpty ? made : folder + "/" + made
        }
        return nil
    }

    /// Empties `state/` (and HOME, TMPDIR, /tmp): the next run starts from fresh doubles.
    public func resetState() {
        for dir in [state, home, tmp, systemTmp] {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
    }

    /// Makes the files and folders placeholder values name (RehearsalTargets.placeholder:
    /// a `*_FILE` variable names `{}` in a file, a `*_DIR` one an empty folder) inside the
    /// sandbox's /tmp, so a task that checks `[ -f "$KEY_FILE" ]` finds what a person would
    /// have pointed it at. Call after `resetState()`.
    public func makePlaceholderFiles(_ values: [String: String]) {
        let prefix = RehearsalTargets.placeholderFolder + "/"
        for value in values.values.sorted() where value.hasPrefix(prefix) && !value.contains("..") {
            let inside = systemTmp.appendingPathComponent(String(value.dropFirst("/tmp/".count)))
            try? FileManager.default.createDirectory(at: inside.deletingLastPathComponent(), withIntermediateDirectories: true)
            if value.hasSuffix(".json") {
                if !FileManager.default.fileExists(atPath: inside.path) { _ = FileManager.default.createFile(atPath: inside.path, contents: Data("{}\n".utf8)) }
            } else {
                try? FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
            }
        }
    }

    /// Puts the doubles in `bin/` and writes the `BASH_ENV` file that records a command found
    /// nowhere as "not modelled" (bash's `command_not_found_handle`).
    public func install(_ doubles: DoublesBinary) throws {
        // As `infra-tui-double --install` does, without starting it: a link per tool name.
        for tool in Doubles.allTools {
            let link = bin.appendingPathComponent(tool).path
            unlink(link)
            guard symlink(doubles.binary, link) == 0 else {
                throw EngineError.failed("cannot link \(link) to the doubles: \(String(cString: strerror(errno)))")
            }
        }
        let handler = """
        # infra-tui rehearsal: a command found nowhere is recorded, then fails as bash would.
        command_not_found_handle() {
          \(shellQuote(doubles.binary)) --not-found "$@" >/dev/null 2>&1 || :
          printf '%s: %s: command not found\\n' "${0##*/}" "$1" >&2
          return 127
        }

        """
        try Data(handler.utf8).write(to: bashEnv)
    }

    var bashEnv: URL { bin.appendingPathComponent("bash_env.sh") }

    /// The environment every script of this area runs with: the person's (or placeholder)
    /// values, then what the sandbox fixes (PATH with the doubles first, HOME, TMPDIR, the
    /// doubles' knobs), which win.
    public func environment(_ values: [String: String], run: Int) -> [String: String] {
        var env = values
        env["PATH"] = bin.path + ":/usr/local/bin:/usr/bin:/bin"
        env["HOME"] = home.path
        env["TMPDIR"] = tmp.path
        env["LANG"] = "C.UTF-8"
        env["BASH_ENV"] = bashEnv.path
        env["INFRA_TUI_DOUBLE_STATE"] = state.path
        env["INFRA_TUI_DOUBLE_RUN"] = String(run)
        env["INFRA_TUI_DOUBLE_ROOT"] = tree.path
        // A person's kubectl points at a cluster: the context the scaffolding names, if any.
        if env["INFRA_TUI_DOUBLE_KUBE_CONTEXT"] == nil {
            let named = values.filter { $0.key.uppercased().hasSuffix("CONTEXT") && !$0.value.isEmpty }.sorted { $0.key < $1.key }.first
            env["INFRA_TUI_DOUBLE_KUBE_CONTEXT"] = named?.value ?? "rehearsal"
        }
        // A person's gcloud has an active project: the one the scaffolding names, if any.
        if env["INFRA_TUI_DOUBLE_GCLOUD_PROJECT"] == nil {
            let named = values.filter { $0.key.uppercased().contains("PROJECT") && !$0.value.isEmpty }.sorted { $0.key < $1.key }.first
            env["INFRA_TUI_DOUBLE_GCLOUD_PROJECT"] = named?.value ?? "demo-project"
        }
        return env
    }

    public func remove() { try? FileManager.default.removeItem(at: root) }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
