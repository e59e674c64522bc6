import ShellReader

// What a script's own analysis reads of the tree, as one key (issue 12 item 8, speed). A
// plan makes a view per rule; the rules before the docs add a library, the entrypoint, the
// `.gitignore` lines and missing files, and each of those changed `semanticContext` (every
// path and every library text), so every task's variables were worked out again for the
// views after it. The analyses shared through `perFile` read only the script, what it
// sources (followed), the env files it loads and their templates: keyed by those, a task
// keeps its analysis until one of them changes.
extension RepoReality {
    /// A key of everything `ScriptVariables`, `variablesAreSelfContained` and the needs and
    /// unchecked reads built on them read for `file`: its path and text; per `source` line
    /// (followed into the scripts it names) the line, resolved path, anchor, kind and whether
    /// that path is a task, runner or entrypoint; the text of each script reached; the text of
    /// each env file loaded and of its templates. Nil when the key cannot stand for all of it:
    /// a `source` cycle, or an env file with neither text nor template (its names come from
    /// the tasks that write it). Worked out once per view and text (`inView`).
    func dependencyKey(of file: ShellFile) -> String? {
        var visiting: Set<String> = []
        return dependencyKey(of: file, visiting: &visiting)
    }

    /// `visiting`: the files whose keys are being made below which this one is asked; nil
    /// when `file` is one of them (a cycle), and so for every file that reaches a cycle,
    /// whichever file the question starts from: the memoized answer does not depend on it.
    /// A library's key is made once per view, and each file sourcing it adds that key.
    private func dependencyKey(of file: ShellFile, visiting: inout Set<String>) -> String? {
        guard !visiting.contains(file.path) else { return nil }
        return inView("dependency-key", file) { () -> String? in
            visiting.insert(file.path)
            defer { visiting.remove(file.path) }
            var h = Hasher()
            h.combine(file.path)
            h.combine(file.script.text)
            let run = runScripts
            for sourced in SourceGraph.sources(of: file, in: self) {
                h.combine(sourced.line)
                h.combine(sourced.path)
                h.combine(sourced.text)
                h.combine(Self.anchorCode(sourced.anchor))
                h.combine(sourced.kind == .envFile)
                guard let path = sourced.path else { continue }
                // One of several files (`config/${STAGE}.env`): keyed by the whole context.
                if SourcedCandidates.isPattern(path) { return nil }
                h.combine(run.contains(path))
                if sourced.kind == .envFile {
                    let text = snapshot.text(path)
                    var found = text != nil
                    h.combine(text)
                    for suffix in EnvFiles.templateSuffixes {
                        let template = snapshot.text(path + suffix)
                        found = found || template != nil
                        h.combine(template)
                    }
                    // Names from the tasks that write the file: no key stands for them.
                    if !found { return nil }
                } else if let lib = shellFile(at: path) {
                    guard let key = dependencyKey(of: lib, visiting: &visiting) else { return nil }
                    h.combine(key)
                } else {
                    h.combine(false)
                }
            }
            return String(h.finalize())
        }
    }

    private static func anchorCode(_ anchor: SourcedFile.Anchor) -> UInt8 {
        switch anchor {
        case .scriptFolder: 0
        case .workingFolder: 1
        case .absolute: 2
        case .unknown: 3
        }
    }
}
