/// A `.gitignore` comment that points people at a template (`# kept out of git; copy
/// config.example.env`) which does not exist: the template is made from the ignored local
/// copy's structure (values replaced by placeholders), as the secrets fix would have.
enum MissingTemplates {
    struct Missing { let line: Int; let template: String; let source: String }

    static let markers = [".example", ".sample", ".template"]

    /// Each comment naming a missing template, with the ignored file it is the template of
    /// (the pattern right after the comment), when that file is on disk to take the shape from.
    static func missing(in snapshot: RepoSnapshot) -> [Missing] {
        guard let text = snapshot.text(".gitignore") else { return [] }
        let lines = text.newlineSeparatedLines.map { String($0).trimmingWhitespace() }
        var out: [Missing] = []
        for (i, line) in lines.enumerated() where line.hasPrefix("#") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "," || $0 == ";" || $0 == "`" })
            guard let named = words.map(String.init).first(where: { w in markers.contains { w.contains($0) } }),
                  let pattern = lines[(i + 1)...].first(where: { !$0.hasPrefix("#") && !$0.isEmpty }),
                  !pattern.contains("*") else { continue }
            let source = pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern
            let candidates = named.contains("/") ? [named.hasPrefix("/") ? String(named.dropFirst()) : named]
                : [joinPath(parentFolder(source), named) ?? named, named]
            guard !candidates.contains(where: { snapshot.files[$0] != nil }), snapshot.text(source) != nil else { continue }
            out.append(Missing(line: i + 1, template: candidates[0], source: source))
        }
        return out
    }

    static func findings(in reality: RepoReality, rule: String) -> [Finding] {
        missing(in: reality.snapshot).map { m in
            Finding(rule: rule, key: "missing-template-\(m.template)", file: ".gitignore", line: m.line,
                    message: "points at \(m.template) for \(m.source), but \(m.template) does not exist")
        }
    }

    static func drafts(in reality: RepoReality) -> [OperationDraft] {
        missing(in: reality.snapshot).compactMap { m in
            guard let text = reality.snapshot.text(m.source), let made = CredentialTemplate.make(for: m.source, text: text) else { return nil }
            return OperationDraft(
                id: OperationID.slug("secrets", "template", String(fileName(m.template))),
                title: "Create \(m.template), the template .gitignore points at",
                risk: .low,
                rationale: ".gitignore (line \(m.line)) keeps \(m.source) out of git and points at \(m.template), which does not exist. "
                    + "It is made from the structure of your local copy, every value replaced by a placeholder.",
                findings: ["secrets:.gitignore:missing-template-\(m.template)"],
                preconditions: ["your local \(m.source) has the structure others need"],
                commands: ["cat \(m.template)"], expectedOutputs: ["the keys of \(m.source), with placeholder values"],
                edits: [m.template: .write(made.text, mode: .regular)])
        }
    }
}
