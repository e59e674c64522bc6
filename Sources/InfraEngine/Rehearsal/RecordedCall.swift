import Foundation
import TestDoubles

/// One call a script made to a double, as the doubles record it in `calls.jsonl`.
public typealias RecordedCall = DoubleCall

extension DoubleCall {
    /// create, delete, apply, read, probe, other or unmodelled.
    public var kind: String { callClass.rawValue }

    /// Creates, applies and deletes: what changes the cloud or the cluster.
    public var isMutating: Bool { callClass.isMutating }

    /// The command line as a person would send it, quoted for the shell.
    public var shellLine: String {
        ([tool] + args).map { word in
            word.isEmpty || word.contains(where: { " \t\n'\"$`\\|&;<>()*?[]{}#~".contains($0) }) ? shellQuote(word) : word
        }.joined(separator: " ")
    }

    /// What two runs compare: the resource when the double names one, else the command line.
    public var identity: String { resource ?? shellLine }

    /// Every call in `folder/calls.jsonl`, in order.
    static func read(folder: URL) -> [DoubleCall] { CallLog.read(folder: folder) }
}
