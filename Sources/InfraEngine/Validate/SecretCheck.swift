/// No operation carries a credential: its patch text holds no key or token, and no patch
/// copies a credential of the files it touches (as context or as a removed line): only the
/// secrets rule may take one out, and it does so without a pre-image.
enum SecretCheck {
    /// `scripts`: the plan's cache, where the secrets rule has usually scanned these files already.
    static func check(_ op: Operation, original: RepoSnapshot, scripts: ScriptCache) -> ValidationResult {
        if let hit = SecretScanner.scan(op.patch).first {
            return .init(check: "secrets", status: .failed, detail: "the patch carries a \(hit.kind) (patch line \(hit.line), \(hit.fingerprint))")
        }
        for file in op.files {
            guard let text = original.text(file.path) else { continue }
            if let hit = SecretScanner.scan(file: text, path: file.path, cache: scripts).first(where: { copies(op.patch, $0.value, key: $0.key) }) {
                return .init(check: "secrets", status: .failed,
                             detail: "the patch copies the \(hit.kind) of \(file.path) (line \(hit.line), \(hit.fingerprint)); only a patch without its pre-image may change that line")
            }
        }
        return .init(check: "secrets", status: .passed)
    }

    /// Whether `patch` holds `value`, or, for a key spanning lines (PEM, or PEM escaped in
    /// JSON), any of its lines: three lines of context are enough to leak part of a key.
    /// A short value (`admin`) would match any patch by chance: it counts only on a line that
    /// also holds its key.
    static func copies(_ patch: String, _ value: String, key: String? = nil) -> Bool {
        guard value.count >= 4 else { return false }
        if value.count < 10 {
            guard let key else { return false }
            return patch.split(separator: "\n").contains { $0.contains(key) && $0.contains(value) }
        }
        if patch.contains(value) { return true }
        let pieces = value.replacingOccurrences(of: "\\n", with: "\n").split(separator: "\n")
        return pieces.count > 1 && pieces.contains { $0.count >= 16 && !$0.hasPrefix("-----") && patch.contains($0) }
    }
}
