import ShellReader

// The variables half of a function summary: validator, setter/deriver, logger, killer
// (issue 12 item 2). Owned by the variables work; the first version below is deliberately
// minimal.
extension FunctionSummaries {
    static func summarizeVariables(_ s: inout FunctionSummary, function: ShellFunction, body: [ShellCommand],
                                   in script: ShellScript, known: [String: FunctionSummary]) {
        for command in body {
            guard let name = command.name else { continue }
            if name == "exit" || known[name]?.kills == true, command.operatorBefore == nil, command.enclosing.count <= 1 {
                s.kills = true
            }
        }
    }
}
