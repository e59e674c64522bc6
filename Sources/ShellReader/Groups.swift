// Brace groups and subshells as members of an and-or list. Their inner commands start lists
// of their own (operator nil), so `probe || { log; create; }` only shows the `||` here.

/// One `{ ...; }` or `( ... )` command: its byte range and the operators around it, as
/// `ShellCommand` records them for a simple command. The commands inside have this group's
/// construct (`.braceGroup` or `.subshell`) appended to `enclosing`.
public struct ShellGroup: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case brace, subshell }
    public let kind: Kind
    /// UTF-8 byte offsets from the opening `{`/`(` to just past the closing one.
    public let startOffset: Int
    public let endOffset: Int
    /// Constructs around the group itself (outermost first), its own not included.
    public let enclosing: [ShellConstruct]
    /// `&&`, `||`, `|` or `|&` linking it to the previous command of the same list.
    public let operatorBefore: String?
    public let operatorAfter: String?
    /// The group is the first of a pipeline preceded by `!`.
    public let negated: Bool

    /// The construct its inner commands carry.
    public var construct: ShellConstruct { kind == .brace ? .braceGroup : .subshell }
}

extension ShellScript {
    /// The innermost group `command` is directly or indirectly inside, with the depth in
    /// `command.enclosing` of that group's construct; nil when it is in none.
    public func innermostGroup(of command: ShellCommand) -> (group: ShellGroup, depth: Int)? {
        innermostGroup(containing: command.startOffset, enclosing: command.enclosing)
    }

    /// The innermost group around offset `offset` of something whose constructs are `enclosing`.
    public func innermostGroup(containing offset: Int, enclosing: [ShellConstruct]) -> (group: ShellGroup, depth: Int)? {
        guard let depth = enclosing.lastIndex(where: { $0 == .braceGroup || $0 == .subshell }) else { return nil }
        let outer = Array(enclosing.prefix(depth))
        let match = groups.last { g in
            g.startOffset <= offset && offset < g.endOffset && g.construct == enclosing[depth] && g.enclosing == outer
        }
        return match.map { ($0, depth) }
    }
}

struct GroupBuild {
    var kind: ShellGroup.Kind
    var start: Int
    var end: Int
    var enclosing: [ShellConstruct]
    var opBefore: String?
    var opAfter: String?
    var negated = false
}
