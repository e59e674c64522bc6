import ShellReader

// Order (issue 12 item 4): a name counts as set from the line that provides it on. A library
// function that runs before the read sets it; one that runs after does not.
extension ScriptVariables {
    /// A bare read that runs before the first line providing the name: under `set -u` the
    /// script stops there with `unbound variable`, whatever the later line does.
    public struct EarlyRead: Sendable, Equatable {
        public let name: String
        /// The first such read (1-based line of this script).
        public let line: Int
        /// The first line that provides the name (an assignment, a `source`, a call).
        public let providedAt: Int
    }

    /// The reads of `file` (its own top level only) that come before every line providing
    /// the name. Left out, as unsure: reads in functions (they run when called, not where
    /// written) and in loops (a later pass may see the value), names validated before the
    /// read (the caller is expected to export them) and names provided on the read's line.
    public static func earlyReads(_ file: ShellFile, vars: ScriptVariables) -> [EarlyRead] {
        var first: [String: Int] = [:]
        for exp in file.script.expansions where !exp.isIndirect && !exp.hasDefault {
            guard let provided = vars.provided[exp.name], exp.line < provided,
                  vars.validated[exp.name].map({ $0 > exp.line }) ?? true,
                  RequiredEnvironment.isEnvName(exp.name),
                  !exp.enclosing.contains(where: Self.runsElsewhere) else { continue }
            if first[exp.name].map({ exp.line < $0 }) ?? true { first[exp.name] = exp.line }
        }
        return first.keys.sorted().map { EarlyRead(name: $0, line: first[$0]!, providedAt: vars.provided[$0]!) }
    }

    /// Constructs whose commands may run at another time than their line says.
    private static func runsElsewhere(_ construct: ShellConstruct) -> Bool {
        switch construct {
        case .function, .loopHead, .loopBody: true
        default: false
        }
    }
}
