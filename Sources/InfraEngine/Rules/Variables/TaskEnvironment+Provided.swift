import ShellReader

// The runbook lines for variables the person does not export: names an env file loads (and
// which file to edit), names a library function fills in when unset, and optional switches.
extension TaskEnvironment {
    static func provided(in reality: RepoReality, skipping seen: inout Set<String>,
                         readers: (String) -> [String]) -> [EnvironmentVariable] {
        // Each task's candidate lines are read alone, on every core; they are kept in task
        // order, and the first task to name a variable explains it, as before.
        let perTask = reality.tasks.concurrentMap { task -> [(name: String, role: EnvironmentVariable.Role, explanation: String)] in
            var lines: [(name: String, role: EnvironmentVariable.Role, explanation: String)] = []
            let vars = ScriptVariables.of(task, in: reality)
            for name in vars.loaded.keys.sorted() {
                let env = vars.loaded[name]!
                let explanation: String
                switch env.origin {
                case .file: explanation = "set in `\(env.path)`, which the tasks load"
                case .template(let twin): explanation = "set in `\(env.path)` (copy `\(twin)` to it); the tasks load it"
                case .writtenBy(let writer): explanation = "written to `\(env.path)` by \(InfraLayout.taskName(writer)) and read back; not exported"
                }
                lines.append((name, .loaded, explanation))
            }
            let scope = FunctionSummaries.scope(of: task, in: reality)
            for command in task.script.commands {
                guard let fn = command.name, let summary = scope[fn] else { continue }
                for assigned in summary.setNames {
                    let how = assigned.conditional ? "optional; `\(fn)` fills it in when it is not set" : "set by `\(fn)`"
                    lines.append((assigned.name, .defaulted, how))
                }
            }
            // A switch the task sets itself first (`DRY_RUN=0`, then `--dry-run` sets it) takes
            // nothing from the environment: not an input of the runbook's.
            let setFirst = Set(task.script.assignments.filter { a in
                a.enclosing.isEmpty && a.kind != .prefix && a.line < (vars.reads[a.name]?.first ?? Int.max)
            }.map(\.name))
            for name in vars.switches.keys.sorted() where !setFirst.contains(name) {
                let explanation = switch vars.optionalValues[name] {
                case .part(let stem): "optional; added to `\(stem)`, empty unless set (`${\(name):-}`)"
                case .printed: "optional; only shown in messages, empty unless set (`${\(name):-}`)"
                case nil: "optional switch; off unless set (`${\(name):-\(vars.switches[name]!)}`)"
                }
                lines.append((name, .defaulted, explanation))
            }
            return lines
        }
        var out: [EnvironmentVariable] = []
        for line in perTask.joined() where seen.insert(line.name).inserted {
            out.append(EnvironmentVariable(name: line.name, role: line.role, explanation: line.explanation, readBy: readers(line.name)))
        }
        return out
    }
}
