public enum PatchParser: Sendable {
    /// Reads one or several file patches: git's format, a plain `--- a/x` /
    /// `+++ b/x` diff, or a `git format-patch` mail (text before the first
    /// patch and the "-- " signature are skipped). Blank input gives [].
    public static func parse(_ text: String) throws(PatchError) -> [FilePatch] {
        var reader = PatchReader(text)
        return try reader.run()
    }
}

/// Works on UTF-8 bytes: Swift treats "\r\n" as one Character and compares
/// strings by canonical equivalence, both wrong for patch text.
struct PatchReader {
    let bytes: [UInt8]
    let ranges: [Range<Int>]
    var i = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            ranges.append(start ..< k)
            start = k + 1
        }
        if start < bytes.count { ranges.append(start ..< bytes.count) }
        self.ranges = ranges
    }

    // MARK: line helpers

    func line(_ k: Int) -> ArraySlice<UInt8> { bytes[ranges[k]] }

    func starts(_ k: Int, _ prefix: String) -> Bool {
        k < ranges.count && line(k).starts(with: prefix.utf8)
    }

    func rest(_ k: Int, after prefix: String) -> ArraySlice<UInt8> {
        line(k).dropFirst(prefix.utf8.count)
    }

    func text(_ slice: ArraySlice<UInt8>) -> String { String(decoding: slice, as: UTF8.self) }

    func first(_ k: Int) -> UInt8? { line(k).first }

    func isFileStart(_ k: Int) -> Bool {
        starts(k, "diff --git ") || (starts(k, "--- ") && starts(k + 1, "+++ "))
    }

    func isSignature(_ k: Int) -> Bool { line(k).elementsEqual("-- ".utf8) }

    // MARK: top level

    mutating func run() throws(PatchError) -> [FilePatch] {
        var patches: [FilePatch] = []
        while i < ranges.count {
            if starts(i, "diff --git ") || (starts(i, "--- ") && starts(i + 1, "+++ ")) {
                patches.append(try filePatch())
            } else if starts(i, "@@ -") {
                throw PatchError("no file header before hunk at line \(i + 1)", line: i + 1)
            } else {
                i += 1
            }
        }
        if patches.isEmpty && bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw PatchError("no file patch found (expected a 'diff --git' or '--- ' line)")
        }
        return patches
    }

    // MARK: one file

    private struct Header {
        var names: (old: String, new: String)?
        var oldMode: FileMode?, newMode: FileMode?, indexMode: FileMode?
        var isNew = false, isDeleted = false
        var oldBlob: String?, newBlob: String?
        var isBinary = false
    }

    private mutating func filePatch() throws(PatchError) -> FilePatch {
        let startLine = i + 1
        var header = Header()
        if starts(i, "diff --git ") {
            header.names = GitNames.parse(rest(i, after: "diff --git "))
            i += 1
            try extendedHeaders(&header)
        }

        // nil: no such line; .some(nil): /dev/null.
        var oldLabel: String??, newLabel: String??
        if !header.isBinary && starts(i, "--- ") {
            guard starts(i + 1, "+++ ") else {
                throw PatchError("'---' line at line \(i + 1) is not followed by a '+++' line", line: i + 1)
            }
            oldLabel = .some(try label(i, "--- ", strip: "a/"))
            newLabel = .some(try label(i + 1, "+++ ", strip: "b/"))
            i += 2
        }

        let oldPath = try side(
            label: oldLabel, name: header.names?.old, absent: header.isNew, what: "old", labelLine: i - 1, startLine: startLine)
        let newPath = try side(
            label: newLabel, name: header.names?.new, absent: header.isDeleted, what: "new", labelLine: i, startLine: startLine)
        if oldPath == nil && newPath == nil {
            throw PatchError("both sides of the file patch at line \(startLine) are /dev/null", line: startLine)
        }

        var hunks: [Hunk] = []
        while starts(i, "@@ -") {
            if header.isBinary {
                throw PatchError("hunk at line \(i + 1) follows a binary file header", line: i + 1)
            }
            if oldLabel == nil {
                throw PatchError("hunk at line \(i + 1) has no '---'/'+++' lines before it", line: i + 1)
            }
            hunks.append(try hunk())
        }

        var patch = FilePatch(oldPath: oldPath, newPath: newPath, isBinary: header.isBinary, hunks: hunks)
        switch patch.change {
        case .create:
            patch.newMode = header.newMode ?? header.indexMode
        case .delete:
            patch.oldMode = header.oldMode ?? header.indexMode
        case .modify:
            patch.oldMode = header.oldMode ?? header.indexMode
            patch.newMode = header.newMode ?? header.indexMode
        }
        // The /dev/null side's id is all zeros; the model says nil.
        patch.oldBlob = patch.change == .create ? nil : header.oldBlob
        patch.newBlob = patch.change == .delete ? nil : header.newBlob

        if patch.change == .modify && hunks.isEmpty && !patch.isBinary && patch.oldMode == patch.newMode {
            throw PatchError("file patch for \(patch.path) at line \(startLine) has no hunks", line: startLine)
        }
        return patch
    }

    private mutating func extendedHeaders(_ h: inout Header) throws(PatchError) {
        while i < ranges.count {
            let lineNo = i + 1
            if starts(i, "old mode ") {
                h.oldMode = try mode(rest(i, after: "old mode "), lineNo)
            } else if starts(i, "new mode ") {
                h.newMode = try mode(rest(i, after: "new mode "), lineNo)
            } else if starts(i, "new file mode ") {
                h.isNew = true
                h.newMode = try mode(rest(i, after: "new file mode "), lineNo)
            } else if starts(i, "deleted file mode ") {
                h.isDeleted = true
                h.oldMode = try mode(rest(i, after: "deleted file mode "), lineNo)
            } else if starts(i, "index ") {
                try index(rest(i, after: "index "), lineNo, &h)
            } else if starts(i, "similarity index ") || starts(i, "dissimilarity index ") {
                // Only meaningful with renames, which are refused below.
            } else if let keyword = ["rename from ", "rename to ", "copy from ", "copy to ", "rename old ", "rename new "]
                .first(where: { starts(i, $0) }) {
                throw PatchError("renames and copies are not supported ('\(keyword.dropLast())' at line \(lineNo))", line: lineNo)
            } else if starts(i, "GIT binary patch") {
                throw PatchError("binary patch data at line \(lineNo) is not supported", line: lineNo)
            } else if (starts(i, "Binary files ") || starts(i, "Files ")) && line(i).suffix(7).elementsEqual(" differ".utf8) {
                h.isBinary = true
                i += 1
                return
            } else {
                return
            }
            i += 1
        }
    }

    private func mode(_ slice: ArraySlice<UInt8>, _ lineNo: Int) throws(PatchError) -> FileMode {
        let value = text(slice).trimmingSuffixWhitespace()
        guard let mode = FileMode(rawValue: value) else {
            throw PatchError("unsupported file mode '\(value)' at line \(lineNo)", line: lineNo)
        }
        return mode
    }

    private func index(_ slice: ArraySlice<UInt8>, _ lineNo: Int, _ h: inout Header) throws(PatchError) {
        let parts = text(slice).trimmingSuffixWhitespace().utf8.split(separator: 0x20).map(Array.init)
        let ids = parts.first ?? []
        let dots = ids.indices.first { $0 + 1 < ids.count && ids[$0] == 0x2E && ids[$0 + 1] == 0x2E } ?? 0
        let old = ids[..<dots], new = ids[min(dots + 2, ids.count)...]
        guard (1 ... 2).contains(parts.count), !old.isEmpty, !new.isEmpty,
              old.allSatisfy(\.isHexDigit), new.allSatisfy(\.isHexDigit)
        else {
            throw PatchError("malformed index line at line \(lineNo)", line: lineNo)
        }
        h.oldBlob = text(old)
        h.newBlob = text(new)
        if parts.count == 2 { h.indexMode = try mode(ArraySlice(parts[1]), lineNo) }
    }

    /// A `---`/`+++` name: quoted, or up to a tab (git's trailing tab for
    /// names with spaces, GNU diff's timestamps). nil = /dev/null.
    private func label(_ k: Int, _ prefix: String, strip: String) throws(PatchError) -> String? {
        let raw = rest(k, after: prefix)
        let name: String
        if raw.first == 0x22 {
            guard let (unquoted, _) = PathQuoting.unquotePrefix(raw) else {
                throw PatchError("malformed quoted file name at line \(k + 1)", line: k + 1)
            }
            name = unquoted
        } else {
            name = text(raw.prefix { $0 != 0x09 })
        }
        if name == "/dev/null" { return nil }
        let stripped = name.utf8.starts(with: strip.utf8)
            ? String(decoding: name.utf8.dropFirst(strip.utf8.count), as: UTF8.self) : name
        guard !stripped.isEmpty else {
            throw PatchError("empty file name at line \(k + 1)", line: k + 1)
        }
        return stripped
    }

    /// One side's path from its ---/+++ label or else the diff --git line,
    /// checking the two agree.
    private func side(
        label: String??, name: String?, absent: Bool, what: String, labelLine: Int, startLine: Int
    ) throws(PatchError) -> String? {
        if let label {
            if absent && label != nil {
                let kind = what == "old" ? "new file" : "deleted file"
                throw PatchError("\(kind) at line \(startLine) but line \(labelLine) is not /dev/null", line: labelLine)
            }
            if let label, let name, label != name {
                throw PatchError("line \(labelLine) names '\(label)' but the diff --git line at line \(startLine) says '\(name)'", line: labelLine)
            }
            return label
        }
        if absent { return nil }
        guard let name else {
            throw PatchError("cannot tell the file name from the diff --git line at line \(startLine)", line: startLine)
        }
        return name
    }
}

extension String {
    func trimmingSuffixWhitespace() -> String {
        var bytes = Array(utf8)
        while let last = bytes.last, [0x20, 0x09, 0x0D].contains(last) { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30 ... 0x39).contains(self) || (0x41 ... 0x46).contains(self) || (0x61 ... 0x66).contains(self)
    }
}
