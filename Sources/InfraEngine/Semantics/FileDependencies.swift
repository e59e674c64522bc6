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
    /// unchecked reads built on them read for `file` besides its own text, which every user
    /// pairs with this key: its path; per `source` line
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
    /// `sourced`: `file` is read as what another script sources, so by its shape
    /// (`libraryShape`): a value kept under the key holds nothing of its lines.
    private func dependencyKey(of file: ShellFile, sourced: Bool = false, visiting: inout Set<String>) -> String? {
        guard !visiting.contains(file.path) else { return nil }
        return inView(sourced ? "dependency-key-sourced" : "dependency-key", file) { () -> String? in
            visiting.insert(file.path)
            defer { visiting.remove(file.path) }
            var h = Hasher()
            h.combine(file.path)
            // A sourced file's shape is what the caller reads of it. The file asked about is
            // keyed by its own text already (every user pairs this key with that text), so its
            // text is not hashed again here: that was every task's whole text per view.
            if sourced { h.combine(Self.libraryShape(file.script.text)) }
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
                    guard let key = dependencyKey(of: lib, sourced: true, visiting: &visiting) else { return nil }
                    h.combine(key)
                } else {
                    h.combine(false)
                }
            }
            return String(h.finalize())
        }
    }

    /// A library's text as another script's analysis depends on it: without the
    /// `# shellcheck shell=` directives of its header (the comment lines before its first
    /// command). Bash never reads them, and the helpers operation adds one to every library
    /// it normalises: keyed by the whole text, that one line had every task that sources the
    /// library analysed again in the next view (714 tasks of the 1,000-task bench, for each
    /// of seven analyses). The line numbers after it move, so the values kept under a key
    /// made from this must hold no line of the library: `FunctionSummary` keeps none (it looks its
    /// definition up in its view), a wrapper's words take the caller's line, and
    /// `ScriptVariables` counts what a library provides at the caller's `source` line.
    static func libraryShape(_ text: String) -> Substring {
        guard ByteSearch.contains(text, "shell=") else { return Substring(text) }
        var kept = ""
        var rest = Substring(text)
        var inHeader = true
        var first = true
        while !rest.isEmpty {
            let end = rest.firstIndex(of: "\n").map { rest.index(after: $0) } ?? rest.endIndex
            let line = rest[..<end]
            rest = rest[end...]
            guard inHeader else { kept += line; continue }
            let trimmed = line.trimmingWhitespaceAndNewlines()
            // A `#!` line below the first would become the shebang once a directive above it is
            // dropped: such a file keeps its text.
            if !first && trimmed.hasPrefix("#!") { return Substring(text) }
            first = false
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                if !Self.isShellDirective(trimmed) { kept += line }
            } else {
                inHeader = false
                kept += line
            }
        }
        return Substring(kept)
    }

    /// `# shellcheck shell=bash` (ShellCheck wiki, "Directive": `shell` sets the dialect
    /// of a file without a shebang; spaces after `#` are optional).
    private static func isShellDirective(_ line: String) -> Bool {
        guard line.hasPrefix("#") else { return false }
        let words = line.dropFirst().split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.first == "shellcheck" && words.count >= 2 && words.dropFirst().allSatisfy { $0.hasPrefix("shell=") }
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
