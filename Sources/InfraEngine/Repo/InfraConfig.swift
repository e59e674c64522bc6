import Yams

/// Per-repository settings in `<infra-dir>/.infra-tui.yaml`, for what the tree cannot say by
/// itself. Today: which script is the canonical entrypoint (`entrypoint: ai/infra/bootstrap.sh`,
/// a repository path). Unreadable or unknown content is ignored: the defaults apply.
struct InfraConfig {
    static let fileName = ".infra-tui.yaml"
    let entrypoint: String?

    init(_ text: String?) {
        guard let text, let node = (try? YAMLDocuments.compose(text)) ?? nil, let map = node.mapping else {
            entrypoint = nil
            return
        }
        var value: String?
        for (k, v) in map where k.string == "entrypoint" { value = v.string }
        entrypoint = value.flatMap { $0.hasPrefix("/") || $0.split(separator: "/").contains("..") ? nil : $0 }
    }
}
