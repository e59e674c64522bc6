import ShellReader

// The runbook lines for variables the person does not export: names an env file loads (and
// which file to edit), names a library function fills in when unset, and optional switches.
extension TaskEnvironment {
    static func provided(in reality: RepoReality, skipping seen: inout Set<String>,
                         readers: (String) -> [String]) -> [EnvironmentVariable] {
        var out: [EnvironmentVariable] = []
        for task in reality.tasks {
            let vars = ScriptVariables.of(task, in: reality)
            for name in vars.loaded.keys.sorted() where seen.insert(name).inserted {
                let env = vars.loaded[name]!
                let explanation: String
                switch env.origin {
                case .file: explanation = "set in `\(env.path)`, which the tasks load"
                case .template(let twin): explanation = "set in `\(env.path)` (copy `\(twin)` to it); the tasks load it"
                case .writtenBy(let writer): explanation = "written to `\(env.path)` by \(InfraLayout.taskName(writer)) and read back; not exported"
                }
                out.append(EnvironmentVariable(name: name, role: .loaded, explanation: explanation, readBy: readers(name)))
            }
            let scope = FunctionSummaries.scope(of: task, in: reality)
            for command in task.script.commands {
                guard let fn = command.name, let summary = scope[fn] else { continue }
                for assigned in summary.setNames where seen.insert(assigned.name).inserted {
                    let how = assigned.conditional ? "optional; `\(fn)` fills it in when it is not set" : "set by `\(fn)`"
                    out.append(EnvironmentVariable(name: assigned.name, role: .defaulted, explanation: how, readBy: readers(assigned.name)))
                }
            }
            // A switch the task sets itself first (`DRY_RUN=0`, then `--dry-run` sets it) takes
            // nothing from the environment: not an input of the runbook's.
            let setFirst = Set(task.script.assignments.filter { a in
                a.enclosing.isEmpty && a.kind != .prefix && a.line < (vars.reads[a.name]?.first ?? Int.max)
            }.map(\.name))
            for name in vars.switches.keys.sorted() where !setFirst.contains(name) && seen.insert(name).inserted {
                let explanation = switch vars.optionalValues[name] {
                case .part(let stem): "optional; added to `\(stem)`, empty unless set (`${\(name):-}`)"
                case .printed: "optional; only shown in messages, empty unless set (`${\(name):-}`)"
                case nil: "optional switch; off unless set (`${\(name):-\(vars.switches[name]!)}`)"
                }
                out.append(EnvironmentVariable(name: name, role: .defaulted, explanation: explanation, readBy: readers(name)))
            }
        }
        return out
    }
}
