import Yams

/// A value people were meant to edit by hand (`REPLACE_ME`, `REPLACE_ME_GATEWAY_IP`) becomes
/// `${VARIABLE}`, filled from the environment when a task applies the file.
///
/// No controller rejects the text: the API server stores it as written (an email, an IP
/// address, a project), and the object then fails in its own way (an ACME account that
/// cannot register, an address that does not parse). The variable is named after the token,
/// else after the key it fills.
struct PlaceholderCheck: ManifestCheck {
    let id = "manifests.file.placeholder"
    let purpose = "No manifest holds a value meant to be edited by hand; placeholders are filled from the environment at apply time."
    let condition = PredictedCondition(object: "API server", type: nil, status: "",
                                       reason: "stores the placeholder text as the value; the object then fails on it")
    var layerOnly: Bool { true }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        for file in checker.layer.files {
            for (token, lines) in Placeholders.tokens(in: file.text) {
                let line = String(file.text.split(separator: "\n", omittingEmptySubsequences: false)[lines[0] - 1])
                let key = line.split(separator: ":").first.map { $0.trimmingWhitespace().replacingOccurrences(of: "- ", with: "") }
                let variable = Placeholders.variable(for: token, key: key, fileText: file.text)
                let at = lines.count > 1 ? " (lines \(lines.map(String.init).joined(separator: ", ")))" : ""
                out.append(problem(token, file: file.path, line: lines[0],
                                   "holds the placeholder `\(token)`\(at), meant to be edited by hand; it becomes `${\(variable)}`, "
                                       + "filled from the environment when the task applies the file",
                                   severity: .warning, fix: .placeholder(path: file.path, token: token, variable: variable)))
            }
        }
        return out
    }
}
