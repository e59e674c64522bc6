import ShellReader

/// One variable of the tasks' environment, as the runbook should explain it.
public struct EnvironmentVariable: Sendable, Equatable {
    public enum Role: String, Sendable { case required, derived, defaulted, loaded }
    public let name: String
    public let role: Role
    /// One line for a person: what it is, or how it is derived.
    public let explanation: String
    /// The tasks that read it, by name.
    public let readBy: [String]
}

/// The environment the tasks need, for the entrypoint's check and the runbook: what a person
/// must export, and what a task derives or defaults itself.
public enum TaskEnvironment {
    /// What common names mean; anything else is described by who reads it.
    static let meanings: [String: String] = [
        "PROJECT_ID": "the Google Cloud project id",
        "PROJECT": "the Google Cloud project id",
        "ZONE": "the compute zone, e.g. europe-west1-b",
        "REGION": "the compute region, e.g. europe-west1",
        "CLUSTER": "the GKE cluster name",
        "CLUSTER_NAME": "the GKE cluster name",
        "DOMAIN": "the public DNS domain the edge serves",
        "ACME_EMAIL": "the e-mail Let's Encrypt sends certificate notices to",
        "GATEWAY_IP": "the static IP address reserved for the gateway",
    ]

    /// Required variables (sorted), then derived and defaulted ones, each with one line.
    public static func variables(in reality: RepoReality) -> [EnvironmentVariable] {
        // Who reads each name, indexed in one pass (asked per listed name; a variable like
        // PROJECT_ID is read by every one of thousands of tasks).
        var readersByName: [String: Set<String>] = [:]
        for use in RequiredEnvironment.uses(in: reality) { readersByName[use.name, default: []].insert(InfraLayout.taskName(use.path)) }
        let expanded = reality.tasks.concurrentMap { task in (task.name, Set(task.script.expansions.map(\.name))) }
        for (task, names) in expanded {
            for name in names { readersByName[name, default: []].insert(task) }
        }
        func readers(_ name: String) -> [String] { (readersByName[name] ?? []).sorted() }
        var out: [EnvironmentVariable] = []
        for name in RequiredEnvironment.required(in: reality) {
            let who = readers(name)
            let meaning = meanings[name].map { $0 + "; " } ?? ""
            out.append(EnvironmentVariable(name: name, role: .required,
                                           explanation: "\(meaning)read by \(who.joined(separator: ", "))", readBy: who))
        }
        var seen = Set(out.map(\.name))
        // A default the task gives itself: derived when the fallback names another variable.
        func defaulted(_ name: String, _ fallback: String) {
            seen.insert(name)
            let who = readers(name)
            if let from = RequiredEnvironment.variableName(in: fallback).flatMap({ RequiredEnvironment.isEnvName($0) ? $0 : nil }) {
                out.append(EnvironmentVariable(name: name, role: .derived,
                                               explanation: "optional; derived from \(from) (`\(fallback)`) when not set", readBy: who))
            } else {
                out.append(EnvironmentVariable(name: name, role: .defaulted, explanation: "optional; defaults to `\(fallback)`", readBy: who))
            }
        }
        for task in reality.tasks {
            for assignment in task.script.assignments where assignment.enclosing.isEmpty && !seen.contains(assignment.name) {
                if let fallback = selfDefault(assignment) { defaulted(assignment.name, fallback) }
            }
        }
        // `: "${X:=fallback}"` assigns the default the same way (bash manual, "Shell Parameter
        // Expansion": `${parameter:=word}` assigns word when parameter is unset or null).
        for task in reality.tasks {
            for command in task.script.commands where command.name == ":" && command.enclosing.isEmpty {
                for word in command.arguments {
                    if let (name, fallback) = assignedDefault(word.unquotedText), !seen.contains(name) { defaulted(name, fallback) }
                }
            }
        }
        out += provided(in: reality, skipping: &seen, readers: readers)
        return out
    }

    /// `${X:=fallback}` or `${X=fallback}` (the whole word) -> X and the fallback text.
    static func assignedDefault(_ text: String) -> (String, String)? {
        guard let (name, op, fallback) = parameterDefault(text), op == ":=" || op == "=", RequiredEnvironment.isEnvName(name) else { return nil }
        return (name, fallback)
    }

    /// `${NAME<op>word}` (the whole text) -> NAME, the operator (`:-`, `:=`, `-`, `=`) and word.
    static func parameterDefault(_ text: String) -> (String, String, String)? {
        guard text.hasPrefix("${"), text.hasSuffix("}") else { return nil }
        let body = text.dropFirst(2).dropLast()
        let name = body.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
        guard !name.isEmpty else { return nil }
        let rest = body.dropFirst(name.count)
        for op in [":-", ":=", "-", "="] where rest.hasPrefix(op) {
            return (String(name), op, String(rest.dropFirst(op.count)))
        }
        return nil
    }

    /// `X="${X:-fallback}"` or `X="${X:=fallback}"` -> the fallback text.
    static func selfDefault(_ assignment: ShellAssignment) -> String? {
        guard let value = assignment.value?.unquotedText, let (name, op, fallback) = parameterDefault(value),
              name == assignment.name, op == ":-" || op == ":=" else { return nil }
        return fallback
    }
}
