import ShellReader
/// The `.shellcheckrc` that lets plain `shellcheck` follow `source "$(dirname "$0")/../lib/x.sh"`
/// the way bash does at run time, instead of stopping at SC1091.
enum ShellcheckConfig {
    static let lines = ["source-path=SCRIPTDIR", "external-sources=true"]

    static func text(existing: String?) -> String {
        let current = existing ?? ""
        let have = Set(current.newlineSeparatedLines.map { $0.trimmingWhitespace() })
        let missing = lines.filter { !have.contains($0) }
        if missing.isEmpty, existing != nil { return current }
        var out = current
        if out.isEmpty { out = "# Follow `source` lines relative to each script, as bash does at run time.\n" }
        if !out.endsWithLineFeed { out += "\n" }
        return out + missing.map { $0 + "\n" }.joined()
    }
}
