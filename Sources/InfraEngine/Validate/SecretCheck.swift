/// No operation carries a credential: its patch text holds no key or token, and only the
/// secrets rule may touch a file that holds one (any other patch would copy it as context).
enum SecretCheck {
    static func check(_ op: Operation, original: RepoSnapshot) -> ValidationResult {
        if let hit = SecretScanner.scan(op.patch).first {
            return .init(check: "secrets", status: .failed, detail: "the patch carries a \(hit.kind) (patch line \(hit.line))")
        }
        if op.rule != "secrets" {
            for file in op.files {
                guard let text = original.text(file.path) else { continue }
                if !SecretScanner.scan(file: text, path: file.path).isEmpty {
                    return .init(check: "secrets", status: .failed,
                                 detail: "\(file.path) holds a credential; only the secrets operation may change it")
                }
            }
        }
        return .init(check: "secrets", status: .passed)
    }
}
