import Foundation

/// What `.gitattributes` asks of a file's line endings, read as git reads it (gitattributes(5)):
/// files from the root down to the file's folder, deeper files over shallower ones, later
/// lines over earlier ones; a pattern without `/` matches the file name at any depth, one with
/// a `/` the path from that file's folder. Only `eol` and `text` matter here: `eol=crlf`
/// makes git write CRLF into the working tree on checkout, unless `-text` (or `binary`) says
/// the file is not text.
enum GitAttributes {
    /// The line that asks for CRLF on checkout of `path`, as (attributes file, line, the line's
    /// text); nil when none does, or a later line undoes it.
    static func crlfRequest(for path: String, in snapshot: RepoSnapshot) -> (file: String, line: Int, text: String)? {
        var folders = [""]
        var folder = ""
        for part in path.split(separator: "/").dropLast() {
            folder = folder.isEmpty ? String(part) : folder + "/" + part
            folders.append(folder)
        }
        var eol: (file: String, line: Int, text: String)?
        var text: Bool?  // nil: unspecified; false: `-text` / `binary`
        for folder in folders {
            let file = folder.isEmpty ? ".gitattributes" : folder + "/.gitattributes"
            guard let content = snapshot.text(file) else { continue }
            let rel = folder.isEmpty ? path : String(path.dropFirst(folder.count + 1))
            for (i, raw) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
                guard let pattern = fields.first, !pattern.hasPrefix("#"), matches(pattern, rel) else { continue }
                for attr in fields.dropFirst() {
                    switch attr {
                    case "eol=crlf": eol = (file, i + 1, String(raw).trimmingWhitespaceAndNewlines())
                    case "eol=lf", "-eol", "!eol": eol = nil
                    case "-text", "binary", "!text": text = false
                    case "text", "text=auto": text = true
                    default: break
                    }
                }
            }
        }
        return text == false ? nil : eol
    }

    /// Whether gitattributes pattern `pattern` matches `rel` (a path from the attributes file's folder).
    static func matches(_ pattern: String, _ rel: String) -> Bool {
        var p = pattern
        if p.hasPrefix("/") { p.removeFirst() }
        if !p.contains("/") {
            let name = rel.split(separator: "/").last.map(String.init) ?? rel
            return fnmatch(p, name, 0) == 0
        }
        // `**/` matches any number of folders, `/**` everything inside.
        if p.hasPrefix("**/") {
            let rest = String(p.dropFirst(3))
            let parts = rel.split(separator: "/").map(String.init)
            return parts.indices.contains { fnmatch(rest, parts[$0...].joined(separator: "/"), FNM_PATHNAME) == 0 }
        }
        if p.hasSuffix("/**") { return rel.hasPrefix(String(p.dropLast(2))) }
        return fnmatch(p, rel, FNM_PATHNAME) == 0
    }
}
