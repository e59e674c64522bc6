import ShellReader

/// Resolves the paths a script names (`source`, `bash`, `kubectl apply -f`) to repository
/// paths, understanding the usual "relative to this script" spellings.
public enum ScriptPaths {
    /// Prefixes that mean "the folder of this script".
    static let scriptDirSpellings = [
        "$(dirname \"$0\")", "$(dirname $0)", "$(dirname \"${BASH_SOURCE[0]}\")", "$(dirname \"${BASH_SOURCE}\")",
        "$(dirname ${BASH_SOURCE[0]})", "${BASH_SOURCE%/*}", "${BASH_SOURCE[0]%/*}", "${0%/*}",
        "$(cd \"$(dirname \"$0\")\" && pwd)", "$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)",
    ]

    /// The repository path a word names, or nil when it depends on something unknown.
    /// `scriptDirVariables` are variables known to hold the script's folder (`SCRIPT_DIR`).
    public static func resolve(_ word: ShellWord, from scriptPath: String,
                               scriptDirVariables: Set<String> = [], rootVariables: [String: String] = [:]) -> String? {
        var text = word.unquotedText
        let folder = parentFolder(scriptPath)
        for spelling in scriptDirSpellings where text.hasPrefix(spelling) {
            return joinPath(folder, "." + text.dropFirst(spelling.count))
        }
        for name in scriptDirVariables {
            for spelling in ["${\(name)}", "$\(name)"] where text.hasPrefix(spelling + "/") {
                return joinPath(folder, "." + text.dropFirst(spelling.count))
            }
        }
        for (name, dir) in rootVariables {
            for spelling in ["${\(name)}", "$\(name)"] where text.hasPrefix(spelling + "/") {
                return joinPath(dir, "." + text.dropFirst(spelling.count))
            }
        }
        if word.hasExpansion || text.hasPrefix("~") { return nil }
        if text.hasPrefix("/") { return nil }
        // A bare relative path is relative to the caller's working folder; scripts here are
        // run from the repo root or their own folder, so the caller tries both.
        text = String(text)
        return joinPath(folder, text)
    }

    /// Variables a script sets to its own folder (`DIR="$(cd "$(dirname "$0")" && pwd)"`).
    public static func scriptDirVariables(in script: ShellScript) -> Set<String> {
        var out: Set<String> = []
        for assignment in script.assignments {
            guard let value = assignment.value?.unquotedText else { continue }
            if scriptDirSpellings.contains(value) { out.insert(assignment.name) }
        }
        return out
    }
}
