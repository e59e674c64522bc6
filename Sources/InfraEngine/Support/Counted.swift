/// "1 operation", "2 operations": a count with its noun, for every message a person reads
/// (the command line's and the UI's), so no screen says "1 operations".
///
/// - Parameters:
///   - count: how many (any integer; only exactly 1 takes the singular).
///   - singular: the noun for one ("operation", "patch").
///   - plural: the noun for any other count; default `singular` + "s" ("patch" needs "patches").
/// - Returns: "\(count) \(noun)".
public func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
