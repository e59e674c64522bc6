import Foundation

/// The files `shellcheck -x` may read besides a script: what it sources (by any spelling whose
/// last part names a shell file of the tree, followed through the libraries), every
/// `.shellcheckrc`. These go with the script into the scratch folder and into the cache key,
/// so a changed library re-checks its users and nothing else.
struct ShellContext {
    private var byName: [String: Set<String>] = [:]
    private var rcFiles: Set<String> = []

    init() {}

    init(_ tree: RepoSnapshot) {
        for path in tree.files.keys { add(path) }
    }

    static func isShell(_ path: String) -> Bool { path.hasSuffix(".sh") || path.hasSuffix(".bash") }

    /// Keeps the index in step after an operation wrote or deleted `paths`.
    mutating func update(_ paths: [String], in tree: RepoSnapshot) {
        for path in paths {
            if tree.files[path] != nil { add(path) } else {
                byName[Self.name(path)]?.remove(path)
                rcFiles.remove(path)
            }
        }
    }

    private mutating func add(_ path: String) {
        if Self.isShell(path) { byName[Self.name(path), default: []].insert(path) }
        if Self.name(path) == ".shellcheckrc" { rcFiles.insert(path) }
    }

    /// The script and every file it may read, as shellcheck would find them in `tree`.
    func files(for script: String, in tree: RepoSnapshot) -> [String: Data] {
        var out: [String: Data] = [:]
        var queue = [script]
        while let path = queue.popLast() {
            guard out[path] == nil, let file = tree.files[path] else { continue }
            out[path] = file.data
            for name in Self.sourcedNames(file.text ?? "") { queue += byName[name, default: []].sorted() }
        }
        for rc in rcFiles { out[rc] = tree.files[rc]?.data }
        return out
    }

    /// The last part of every path a script sources (`source`, `.`, `# shellcheck source=`),
    /// when that part is written out rather than held in a variable.
    static func sourcedNames(_ text: String) -> Set<String> {
        var names: Set<String> = []
        for line in text.split(separator: "\n") where line.contains("source") || line.contains(". ") {
            let words = shellWords(line)
            for (i, word) in words.enumerated() {
                var target: Substring?
                if (word == "source" || word == "."), i + 1 < words.count { target = words[i + 1] }
                if word.hasPrefix("source=") { target = word.dropFirst("source=".count) }
                guard let target else { continue }
                let name = name(String(target.filter { $0 != "\"" && $0 != "'" }))
                if !name.isEmpty && !name.contains("$") && !name.contains(")") { names.insert(name) }
            }
        }
        return names
    }

    /// A line cut at blanks and `;&|` outside quotes and `$( )`, so
    /// `source "$(dirname "$0")/../lib/x.sh"` stays one word.
    static func shellWords(_ line: Substring) -> [Substring] {
        var words: [Substring] = []
        var start: Substring.Index?
        var quote: Character?
        var depth = 0
        var previous: Character = " "
        for i in line.indices {
            let c = line[i]
            defer { previous = c }
            if depth > 0 {
                // Inside `$( )` only the parentheses matter for where the word ends.
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            } else if let q = quote {
                if c == q { quote = nil } else if c == "(" && previous == "$" && q == "\"" { depth = 1 }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "(" && previous == "$" {
                depth = 1
            } else if c == " " || c == "\t" || c == ";" || c == "&" || c == "|" {
                if let s = start { words.append(line[s..<i]) }
                start = nil
                continue
            }
            if start == nil { start = i }
        }
        if let s = start { words.append(line[s...]) }
        return words
    }

    static func name(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    }
}
