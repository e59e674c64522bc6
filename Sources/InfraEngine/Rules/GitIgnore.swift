import ShellReader
/// Just enough of `.gitignore` semantics to know whether a folder or file is covered and to
/// add a rule without disturbing the rest of the file.
struct GitIgnore {
    private(set) var text: String
    /// The patterns, read once: `covers` is asked for every file of the repository.
    private var rules: [(pattern: String, dirOnly: Bool, anchored: Bool)] = []

    init(text: String?) {
        self.text = text ?? ""
        rules = Self.rules(in: self.text)
    }

    static func rules(in text: String) -> [(pattern: String, dirOnly: Bool, anchored: Bool)] {
        var out: [(pattern: String, dirOnly: Bool, anchored: Bool)] = []
        for raw in text.newlineSeparatedLines {
            var pattern = raw.trimmingWhitespace()
            if pattern.isEmpty || pattern.hasPrefix("#") || pattern.hasPrefix("!") { continue }
            let dirOnly = pattern.hasSuffix("/")
            if dirOnly { pattern.removeLast() }
            let anchored = pattern.hasPrefix("/") || pattern.dropFirst().contains("/")
            if pattern.hasPrefix("/") { pattern.removeFirst() }
            out.append((pattern, dirOnly, anchored))
        }
        return out
    }

    func covers(_ path: String) -> Bool {
        let isDir = path.hasSuffix("/")
        let clean = isDir ? String(path.dropLast()) : path
        let parts = clean.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return false }
        for (pattern, dirOnly, anchored) in rules {
            if anchored {
                // Anchored: it matches the path or one of its parent folders.
                for n in 1...parts.count where matches(pattern, parts[0..<n].joined(separator: "/")) {
                    if n < parts.count || !dirOnly || isDir { return true }
                }
            } else {
                for (i, part) in parts.enumerated() where matches(pattern, part) {
                    if i < parts.count - 1 || !dirOnly || isDir { return true }
                }
            }
        }
        return false
    }

    mutating func add(_ pattern: String, comment: String) {
        if !text.isEmpty && !text.endsWithLineFeed { text += "\n" }
        if !text.isEmpty && !text.utf8.reversed().starts(with: [0x0A, 0x0A]) { text += "\n" }
        text += "# \(comment)\n\(pattern)\n"
        rules = Self.rules(in: text)
    }

    /// Glob match with `*`, `?` (no `**` across folders: enough for ignore checks).
    private func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), s = Array(name)
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si], p[pi] != "*" { pi += 1; si += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = si; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; si = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
