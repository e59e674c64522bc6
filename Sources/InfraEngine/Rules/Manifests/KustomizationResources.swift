import Foundation

/// Adds files a fix creates to a hand-written kustomization's `resources`, keeping every
/// other line: without it `kubectl apply -k` would leave the new object out.
enum KustomizationResources {
    /// `text` with the created files under `root` (not under a folder of `nested`, which has
    /// its own kustomization) appended to its block-style `resources:` list; nil when nothing is
    /// missing, or the list is absent or written in flow style (then a person decides).
    static func listing(_ created: [String], root: String, nested: [String] = [], in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("resources:") && $0.dropFirst("resources:".count).allSatisfy(\.isWhitespace) }) else { return nil }
        var end = start
        var indent = "  "
        var listed: Set<String> = []
        for i in (start + 1)..<lines.count {
            let trimmed = lines[i].drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard trimmed.hasPrefix("- ") else { break }
            indent = String(lines[i].prefix { $0 == " " })
            listed.insert(String(trimmed.dropFirst(2)).trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
            end = i
        }
        let missing = created.filter { path in path.hasPrefix(root + "/") && !nested.contains { path.hasPrefix($0 + "/") } }
            .map { String($0.dropFirst(root.count + 1)) }.filter { !listed.contains($0) }.sorted()
        guard !missing.isEmpty else { return nil }
        var out = lines
        out.insert(contentsOf: missing.map { indent + "- " + YAMLText.scalar($0) }, at: end + 1)
        return out.joined(separator: "\n")
    }
}
