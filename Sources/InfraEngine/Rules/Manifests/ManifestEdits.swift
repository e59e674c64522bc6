import Yams

/// Line-level edits of one YAML file, addressed by the lines of the text they were computed
/// on. Only the lines that change are touched, so comments and layout survive.
struct YAMLFileEdit {
    private var editor: LineEditor
    private var changed: [Int: String] = [:]

    init(_ text: String) { editor = LineEditor(text) }

    private func current(_ n: Int) -> String { changed[n] ?? editor.line(n) }

    /// Replaces the scalar value `old` on line `n` (plain or quoted, after the key's colon or
    /// a list dash) with `new`, keeping the quoting style.
    mutating func replaceScalar(line n: Int, old: String, new: String) {
        let text = current(n)
        let start = text.firstIndex(of: ":").map { text.index(after: $0) } ?? text.startIndex
        let tail = text[start...]
        for (l, r) in [("\"", "\""), ("'", "'"), ("", "")] {
            guard let range = tail.firstRange(of: l + old + r) else { continue }
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if l.isEmpty, !(after == " " || after == "#" || after == "," || after == "}" || after == "]") { continue }
            // A plain number stays a number (a port); other plain values are quoted only when YAML needs it.
            let plain = Int(old) != nil && Int(new) != nil ? new : YAMLText.scalar(new)
            changed[n] = text.replacingCharacters(in: range, with: l + (l.isEmpty ? plain : new) + r)
            return
        }
    }

    /// Renames the key `old` that starts line `n` (after its indentation) to `new`; a line
    /// that does not start with `old:` is left alone.
    mutating func renameKey(line n: Int, old: String, new: String) {
        let text = current(n)
        let indent = text.prefix { $0 == " " }
        for quote in ["", "\"", "'"] where text.dropFirst(indent.count).hasPrefix(quote + old + quote + ":") {
            changed[n] = String(indent) + quote + new + quote + String(text.dropFirst(indent.count + old.count + 2 * quote.count))
            return
        }
    }

    mutating func replaceToken(_ token: String, with value: String) {
        for n in 1...max(editor.lineCount, 1) {
            var text = current(n)
            guard text.contains(token), !text.trimmingWhitespace().hasPrefix("#") else { continue }
            var out = ""
            var rest = Substring(text)
            while let r = rest.firstRange(of: token) {
                out += rest[..<r.lowerBound]
                // `REPLACE_ME` must not eat the start of `REPLACE_ME_EMAIL`.
                let next = rest[r.upperBound...].first
                let longer = next.map { $0 == "_" || ($0.isASCII && ($0.isUppercase || $0.isNumber)) } ?? false
                out += longer ? String(rest[r]) : value
                rest = rest[r.upperBound...]
            }
            text = out + rest
            changed[n] = text
        }
    }

    mutating func replaceLines(_ range: ClosedRange<Int>, with lines: [String]) {
        for n in range { changed[n] = nil }
        editor.replace(range, with: lines)
    }

    mutating func insert(_ lines: [String], after n: Int) { editor.insert(lines, after: n) }

    func text() -> String {
        var e = editor
        for (n, t) in changed { e.replace(n...n, with: [t]) }
        return e.text()
    }
}

extension Node {
    /// The last line any node inside this one starts on (the end of a block, near enough for
    /// inserting after it: block scalars are not used in these manifests).
    var lastLine: Int {
        var best = mark?.line ?? 0
        if let mapping { for (k, v) in mapping { best = max(best, k.mark?.line ?? 0, v.lastLine) } }
        for item in items { best = max(best, item.lastLine) }
        return best
    }

    /// The key node for `key` in a mapping (its mark is where the key is written).
    func keyNode(_ key: String) -> Node? { mapping?.first { $0.key.string == key }?.key }
}

enum ManifestEditor {
    /// The indentation (spaces) of a 1-based column.
    static func pad(_ column: Int) -> String { String(repeating: " ", count: max(column - 1, 0)) }

    static func apply(_ fix: ManifestFix, to edit: inout YAMLFileEdit, text: String) {
        switch fix {
        case .scalar(_, let line, let old, let new):
            edit.replaceScalar(line: line, old: old, new: new)
        case .key(_, let line, let old, let new):
            edit.renameKey(line: line, old: old, new: new)
        case .placeholder(_, let token, let variable):
            edit.replaceToken(token, with: "${\(variable)}")
        case .selector(let service, let labels):
            guard let selector = service["spec", "selector"], let mapping = selector.mapping, let first = mapping.first,
                  let column = first.key.mark?.column, let start = first.key.mark?.line else { return }
            // A flow mapping starts at its `{`, before its first key (the composed style is not
            // reliable: it read `{app: x}` as block and replaced the `selector:` line itself).
            let flow = mapping.style == .flow || selector.mark.map { $0.line != start || $0.column != column } ?? false
            if flow, let line = selector.mark?.line {
                let flow = "{" + labels.map { "\(YAMLText.scalar($0.0)): \(YAMLText.scalar($0.1))" }.joined(separator: ", ") + "}"
                let current = LineEditor(text).line(line)
                if let open = current.firstIndex(of: "{"), let close = current.lastIndex(of: "}") {
                    edit.replaceLines(line...line, with: [current.replacingCharacters(in: open...close, with: flow)])
                }
                return
            }
            edit.replaceLines(start...selector.lastLine, with: labels.map { pad(column) + "\(YAMLText.scalar($0.0)): \(YAMLText.scalar($0.1))" })
        case .namespace(let object, let namespace):
            guard let meta = object["metadata"], let nameKey = meta.keyNode("name"), let line = nameKey.mark?.line,
                  let column = nameKey.mark?.column else { return }
            let after = max(line, meta.child("name")?.lastLine ?? line)
            edit.insert([pad(column) + "namespace: \(YAMLText.scalar(namespace))"], after: after)
        case .httpListener(let gateway, let hostnames):
            guard let listeners = gateway["spec", "listeners"], let last = listeners.items.last,
                  let column = last.mapping?.first?.key.mark?.column else { return }
            let names = Set(listeners.items.compactMap { $0.child("name")?.string })
            let name = names.contains("http") ? "http-acme" : "http"
            var lines: [String] = []
            for (i, host) in (hostnames.isEmpty ? [nil] : hostnames.map(Optional.some)).enumerated() {
                let dash = pad(column - 2) + "- "
                let body = pad(column)
                lines.append(dash + "name: \(YAMLText.scalar(i == 0 ? name : "\(name)-\(i + 1)"))")
                lines.append(body + "protocol: HTTP")
                lines.append(body + "port: 80")
                if let host { lines.append(body + "hostname: \(YAMLText.scalar(host))") }
            }
            edit.insert(lines, after: last.lastLine)
        case .lines(_, let after, let lines):
            edit.insert(lines, after: after)
        case .createFile, .kustomization, .taskText:
            break
        }
    }
}
