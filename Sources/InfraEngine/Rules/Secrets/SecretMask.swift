import Foundation

/// Takes credentials out of what the tool keeps about a run it watched (a rehearsal's
/// recorded calls and error lines), so plan output, exports and the validation cache hold no
/// key material (issue 15 item 3): a value the secret detectors find becomes `‹redacted›`.
///
/// Shape: `redact(words:)` keeps the words' count and order (a recorded call stays a call);
/// `redact(line:)` works on one line of output.
enum SecretMask {
    static let marker = "‹redacted›"

    /// The words of one command (`helm upgrade ... --set a.password=XYZ`): the literals are
    /// found on the joined line, where `--set`/`--from-literal` sit beside their values.
    static func redact(words: [String]) -> [String] {
        let line = words.joined(separator: " ")
        let values = secrets(in: line)
        guard !values.isEmpty else { return words }
        return words.map { word in values.reduce(word) { $0.replacingOccurrences(of: $1, with: marker) } }
    }

    static func redact(line: String) -> String {
        secrets(in: line).reduce(line) { $0.replacingOccurrences(of: $1, with: marker) }
    }

    /// The credential values in `line`, longest first (a value inside another is replaced after it).
    private static func secrets(in line: String) -> [String] {
        var values = Set(SecretScanner.scan(line).map(\.value))
        if line.contains("="), ScriptLiterals.mayHold(line) {
            values.formUnion(ScriptLiterals.literals(inLine: line, number: 1).map(\.value))
        }
        return values.filter { $0.count >= 4 }.sorted { ($0.count, $0) > ($1.count, $1) }
    }
}
