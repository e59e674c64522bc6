import Foundation
import Testing
@testable import InfraEngine

/// Recall and false-positive rate of the scanner on `SecretCorpus` (issue 15: recall at
/// least 95 %, false positives at most 2 %). `make bench` prints the same line.
@Suite struct SecretCorpusTests {
    @Test func corpusIsLargeEnoughAndCoversEveryKind() {
        let corpus = SecretCorpus()
        #expect(corpus.positives.count >= 100 && corpus.negatives.count >= 100)
        #expect(Set(corpus.positives.map(\.kind)).count >= 15)
    }

    @Test func recallAndFalsePositiveRate() {
        let corpus = SecretCorpus()
        let missed = corpus.positives.filter { SecretScanner.scan(file: $0.text, path: $0.path).isEmpty }
        let flagged = corpus.negatives.filter { !SecretScanner.scan(file: $0.text, path: $0.path).isEmpty }
        let recall = Double(corpus.positives.count - missed.count) / Double(corpus.positives.count)
        let falsePositives = Double(flagged.count) / Double(corpus.negatives.count)
        print(String(format: "secret corpus: recall %.1f%% (%d/%d), false positives %.1f%% (%d/%d)",
                     recall * 100, corpus.positives.count - missed.count, corpus.positives.count,
                     falsePositives * 100, flagged.count, corpus.negatives.count))
        #expect(recall >= 0.95, "missed: \(missed.map { "\($0.kind) \($0.path)" })")
        #expect(falsePositives <= 0.02, "flagged: \(flagged.map { "\($0.kind) \($0.path)" })")
    }

    /// A finding names kind, file, line and a fingerprint, never the value.
    @Test func findingsNeverPrintTheValue() throws {
        let corpus = SecretCorpus()
        for example in corpus.positives {
            for hit in SecretScanner.scan(file: example.text, path: example.path) {
                #expect(!hit.fingerprint.contains(hit.value) && hit.fingerprint.hasPrefix("sha256:"))
                #expect(hit.value.count < 4 || !hit.kind.contains(hit.value))
            }
        }
    }
}
