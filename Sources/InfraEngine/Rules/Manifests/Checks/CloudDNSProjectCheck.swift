import Yams

/// A DNS-01 `cloudDNS` solver must name the Google Cloud project that holds the zone, not a
/// placeholder.
///
/// cert-manager v1, `ACMEIssuerDNS01ProviderCloudDNS.project` (required by the CRD: an issuer
/// without it is refused by the API server with `Required value`). A placeholder
/// (`PROJECT_ID`, `my-project`, `<project>`, `changeme`) passes validation, then every
/// Challenge errors when Cloud DNS answers that the project does not exist or is not
/// accessible, and the Certificate stays `Ready=False`. `REPLACE_ME` tokens are
/// `manifests.file.placeholder`'s; `${VAR}` is filled at apply time when a task applies the
/// file (through envsubst, which `manifests` sees to), so it counts only where no task
/// applies the file. Which project is meant is a person's call: no fix; the message names the
/// variable the tasks pass to `--project`.
struct CloudDNSProjectCheck: ManifestCheck {
    let id = "certmanager.solver.clouddns-project"
    let purpose = "A DNS-01 cloudDNS solver names its Google Cloud project, not a placeholder."
    let condition = PredictedCondition(object: "Challenge", type: nil, status: "",
                                       reason: "errored: Cloud DNS finds no such project (a missing project is refused by the API server)")

    /// Spellings people leave for "fill in your project" (compared lowercased, `_` as `-`).
    static let placeholders: Set<String> = [
        "project", "project-id", "projectid", "my-project", "my-project-id", "your-project", "your-project-id",
        "my-gcp-project", "your-gcp-project", "gcp-project", "gcp-project-id", "google-project-id",
        "changeme", "change-me", "todo", "tbd", "fixme", "xxx", "placeholder",
    ]

    static func isPlaceholder(_ value: String) -> Bool {
        let v = value.trimmingWhitespace().lowercased().replacingOccurrences(of: "_", with: "-")
        if placeholders.contains(v) { return true }
        if v.hasPrefix("<") && v.hasSuffix(">") { return true }
        if v.hasPrefix("{{") && v.hasSuffix("}}") { return true }
        return !v.isEmpty && v.allSatisfy { $0 == "x" || $0 == "-" }
    }

    func problems(in checker: ReferenceChecker) -> [ManifestProblem] {
        var out: [ManifestProblem] = []
        lazy var hint = Self.projectVariable(checker)
        for issuer in checker.layer.issuers {
            for solver in issuer["spec", "acme", "solvers"]?.items ?? [] {
                guard let dns = solver.at(["dns01", "cloudDNS"]) else { continue }
                let value = dns.child("project")?.string ?? ""
                let line = dns.child("project")?.mark?.line ?? solver.at(["dns01"])?.keyNode("cloudDNS")?.mark?.line ?? issuer.line
                var what: String
                if value.trimmingWhitespace().isEmpty {
                    what = "names no project; the API server refuses the \(issuer.kind) (project is required)"
                } else if value.contains("${") {
                    guard !checker.applies.contains(where: { $0.files.contains(issuer.path) }) else { continue }
                    what = "names the project `\(value)`, and no task applies the file to fill it"
                } else if Self.isPlaceholder(value), !value.contains("REPLACE_ME") {
                    what = "names the project `\(value)`, a placeholder"
                } else { continue }
                let tip = hint.map { "; the tasks pass `$\($0)` to `--project`" } ?? ""
                out.append(problem(issuer.name, file: issuer.path, line: line,
                                   "\(issuer.label) solves DNS-01 with Cloud DNS but \(what)\(tip)"))
            }
        }
        return out
    }

    /// The one variable the tasks' gcloud commands pass to `--project`, if they agree on one.
    static func projectVariable(_ checker: ReferenceChecker) -> String? {
        var names: Set<String> = []
        for task in checker.reality.tasks {
            for e in EffectiveCommands.of(task, in: checker.reality).commands where e.tool == "gcloud" {
                guard let w = e.flagValue("--project"), w.hasExpansion else { continue }
                let name = w.unquotedText.filter { $0 != "$" && $0 != "{" && $0 != "}" }
                if !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) { names.insert(name) }
            }
        }
        return names.count == 1 ? names.first : nil
    }
}
