/// No operation carries a credential: its patch text holds no key or token, and no patch
/// copies a credential of the files it touches (as context or as a removed line): only the
/// secrets rule may take one out, and it does so without a pre-image.
enum SecretCheck {
    static func check(_ op: Operation, original: RepoSnapshot) -> ValidationResult {
        if let hit = SecretScanner.scan(op.patch).first {
            return .init(check: "secrets", status: .failed, detail: "the patch carries a \(hit.kind) (patch line \(hit.line), \(hit.fingerprint))")
        }
        for file in op.files {
            guard let text = original.text(file.path) else { continue }
            // A value of four characters or fewer (`admin`) would match any patch by chance.
            if let hit = SecretScanner.scan(file: text, path: file.path).first(where: { $0.value.count > 4 && op.patch.contains($0.value) }) {
                return .init(check: "secrets", status: .failed,
                             detail: "the patch copies the \(hit.kind) of \(file.path) (line \(hit.line), \(hit.fingerprint)); only a patch without its pre-image may change that line")
            }
        }
        return .init(check: "secrets", status: .passed)
    }
}
