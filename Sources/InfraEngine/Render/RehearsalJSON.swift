import Foundation

/// `rehearse --format json` (docs/contracts.md): the report with sorted keys, a call's kind
/// under `class` as the doubles write it.
public enum RehearsalJSON {
    public static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
