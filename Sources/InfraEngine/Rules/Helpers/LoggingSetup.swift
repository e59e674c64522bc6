import ShellReader

/// Where a script starts capturing its own output into a log file (`exec > >(tee -a ...)`),
/// directly or through a function of its own or of the library (issue 13, item 4: logging is
/// set up once).
enum LoggingSetup {
    /// Whether a function body (or a script line) redirects the whole shell into a tee.
    static func captures(_ text: some StringProtocol) -> Bool {
        text.contains("exec") && text.contains("tee")
    }

    /// Names of the library functions that start capture.
    static func capturingFunctions(_ libraries: [ShellFile]) -> Set<String> {
        Set(libraries.flatMap { lib in lib.script.functions.filter { captures($0.body) }.map(\.name) })
    }

    /// The line where `file` starts capturing its output, if it does (in its own shell).
    static func line(in file: ShellFile, libraryCapture: Set<String>) -> Int? {
        let own = Set(file.script.functions.filter { captures($0.body) }.map(\.name))
        for cmd in file.script.commands where cmd.enclosing.allSatisfy { !$0.isFunction } {
            guard let name = cmd.name else { continue }
            if own.contains(name) || libraryCapture.contains(name) { return cmd.startLine }
            if name == "exec", captures(file.script.lines[cmd.startLine - 1]) { return cmd.startLine }
        }
        return nil
    }
}
