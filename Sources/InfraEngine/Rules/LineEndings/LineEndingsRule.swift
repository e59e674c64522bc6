import Foundation

/// Shell scripts end their lines with LF. Bash reads a carriage return as part of the word
/// before it (bash manual, "Definitions": only space, tab and newline separate words), so a
/// CRLF task fails at its first line (`set: pipefail\r: invalid option name`, `$'\r': command
/// not found`), and shellcheck reports SC1017 on every line, which would fail any other patch
/// to the file. Each such script gets an operation of its own that only turns its CRLF pairs
/// into LF (every other byte kept, the final newline too, or its absence). It is queued before
/// every other rule's operations, so theirs are made on the LF text and depend on it
/// (`RealDependencies`: they do not apply without it).
///
/// A `.gitattributes` line giving the file `eol=crlf` means the repository asked for CRLF on
/// purpose: git would put the CRs back on the next checkout, so that is reported, with no patch.
public struct LineEndingsRule: Rule {
    public let id = "line-endings"
    public let purpose = "Shell scripts end their lines with LF, as bash needs."

    public init() {}

    /// How the lines of one text end.
    struct Endings: Equatable {
        /// Lines that end with CR LF, and with a lone LF.
        let crlf: Int
        let lf: Int
        /// 1-based line of the first CRLF.
        let firstCRLF: Int

        var isMixed: Bool { lf > 0 }
    }

    /// The endings of `text`, nil when no line ends with CR LF.
    static func endings(_ text: String) -> Endings? {
        var crlf = 0, lf = 0, first = 0, line = 1
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A {
                if previous == 0x0D {
                    crlf += 1
                    if first == 0 { first = line }
                } else {
                    lf += 1
                }
                line += 1
            }
            previous = byte
        }
        return crlf == 0 ? nil : Endings(crlf: crlf, lf: lf, firstCRLF: first)
    }

    /// `text` with every CR LF pair made LF; lone CRs and everything else stay.
    static func converted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingCR = false
        for byte in text.utf8 {
            if pendingCR, byte != 0x0A { out.append(0x0D) }
            pendingCR = byte == 0x0D
            if !pendingCR { out.append(byte) }
        }
        if pendingCR { out.append(0x0D) }
        return String(decoding: out, as: UTF8.self)
    }

    static func operationID(_ path: String) -> String { OperationID.slug("line-endings-lf", path) }

    /// One script with CRLF endings: what is wrong, and whether it may be converted.
    struct Problem {
        let file: ShellFile
        let endings: Endings
        /// The `.gitattributes` line asking for CRLF (then no patch).
        let attribute: (file: String, line: Int, text: String)?
        /// The file holds a credential: a patch of every line would copy it (then no patch).
        let holdsSecret: Bool

        var fixable: Bool { attribute == nil && !holdsSecret }
    }

    static func problems(in reality: RepoReality) -> [Problem] {
        reality.memo.value("line-endings-problems") {
            reality.allScripts.sorted { $0.path < $1.path }.compactMap { file in
                guard let endings = endings(file.script.text) else { return nil }
                return Problem(file: file, endings: endings,
                               attribute: GitAttributes.crlfRequest(for: file.path, in: reality.snapshot),
                               holdsSecret: SecretScanner.containsSecret(file.script.text))
            }
        }
    }

    public func findings(in reality: RepoReality) -> [Finding] {
        Self.problems(in: reality).map { p in
            let e = p.endings
            let what = e.isMixed
                ? "has mixed line endings (\(e.crlf) of \(e.crlf + e.lf) lines end with CRLF, the rest with LF)"
                : "has CRLF line endings"
            var message = "\(what): bash reads the CR as part of each line's last word (`set: pipefail\\r: invalid option name`, "
                + "`$'\\r': command not found`) and shellcheck reports SC1017"
            if let a = p.attribute {
                message += "; \(a.file):\(a.line) (`\(a.text)`) asks git for CRLF on checkout, so converting the file would be "
                    + "undone: make that `eol=lf` for shell scripts, then convert it (`sed -i 's/\\r$//' \(p.file.path)`)"
            } else if p.holdsSecret {
                message += "; it holds a credential, which a patch of every line would copy: remove the credential first"
            } else if e.isMixed {
                message += "; every line is converted to LF"
            }
            return Finding(rule: id, key: "crlf", severity: .error, file: p.file.path, line: e.firstCRLF, message: message)
        }
    }

    public func operations(in context: RuleContext) -> [OperationDraft] {
        let reality = context.reality
        return Self.problems(in: reality).filter(\.fixable).map { p in
            let path = p.file.path
            let mode = reality.snapshot[path]?.mode ?? .regular
            let mixed = p.endings.isMixed ? " (mixed: \(p.endings.lf) lines already end with LF)" : ""
            return OperationDraft(
                id: Self.operationID(path),
                title: "Convert \(path) to LF line endings",
                risk: .low,
                rationale: "Bash cannot run a script with CRLF line endings\(mixed). Every CR LF pair becomes LF; no other "
                    + "byte changes, and the end of the file keeps its final newline (or its absence). Other operations on "
                    + "this file are made on the converted text and depend on this one.",
                findings: ["\(id):\(path):crlf"],
                preconditions: ["bash on PATH"],
                commands: ["grep -c $'\\r$' \(path) || true", "bash -n \(path)"],
                expectedOutputs: ["0 (no line ends with CR)", "no syntax error"],
                edits: [path: .write(Self.converted(p.file.script.text), mode: mode)])
        }
    }
}
