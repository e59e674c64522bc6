import ShellReader

// The tool half of a function summary: wrapper, probe, ensure-helper (issue 12 item 2).
// Owned by the effective-commands work; the first version below is deliberately minimal.
extension FunctionSummaries {
    static let tools: Set<String> = ["gcloud", "kubectl", "helm", "k3d", "kind", "aws", "az", "terraform"]

    static func summarizeTools(_ s: inout FunctionSummary, function: ShellFunction, body: [ShellCommand],
                               in script: ShellScript, known: [String: FunctionSummary]) {
        for command in body {
            guard let name = command.name else { continue }
            let words = command.arguments.map(\.raw)
            if tools.contains(name), let at = words.firstIndex(where: { $0 == "\"$@\"" || $0 == "$@" }) {
                s.wrapper = FunctionSummary.Wrapper(tool: name, leadingWords: Array(words[..<at]), trailingWords: Array(words[(at + 1)...]))
            } else if let inner = known[name]?.wrapper, words.contains(where: { $0 == "\"$@\"" || $0 == "$@" }) {
                s.wrapper = inner
            }
        }
    }
}
