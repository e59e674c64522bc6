/// Mutable records the parser fills in while it walks the script.
final class CommandBuilder {
    var words: [ShellWord] = []
    var prefix: [ShellAssignment] = []
    var redirections: [ShellRedirection] = []
    var start = 0
    var end = 0
    var enclosing: [ShellConstruct] = []
    var before: String?
    var after: String?
    var negated = false
    var background = false
}

struct WordResult {
    var start: Int
    var end: Int
    var literal: [UInt8] = []
    var unquoted: [UInt8] = []
    var isStatic = true
    var hasExpansion = false
    var quoted = false
}

struct PendingHeredoc {
    let index: Int
    let delimiter: [UInt8]
    let stripTabs: Bool
    let quoted: Bool
    let enclosing: [ShellConstruct]
}

enum Byte {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, cr: UInt8 = 0x0D
    static let hash: UInt8 = 0x23, dollar: UInt8 = 0x24, amp: UInt8 = 0x26, squote: UInt8 = 0x27
    static let lparen: UInt8 = 0x28, rparen: UInt8 = 0x29, star: UInt8 = 0x2A, dash: UInt8 = 0x2D
    static let semicolon: UInt8 = 0x3B, lt: UInt8 = 0x3C, eq: UInt8 = 0x3D, gt: UInt8 = 0x3E, question: UInt8 = 0x3F
    static let lbracket: UInt8 = 0x5B, backslash: UInt8 = 0x5C, rbracket: UInt8 = 0x5D, backtick: UInt8 = 0x60
    static let lbrace: UInt8 = 0x7B, pipe: UInt8 = 0x7C, rbrace: UInt8 = 0x7D, dquote: UInt8 = 0x22, plus: UInt8 = 0x2B
    static let colon: UInt8 = 0x3A, bang: UInt8 = 0x21, at: UInt8 = 0x40

    static func isNameStart(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
    static func isNameChar(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab || b == cr }
    /// Characters that end an unquoted word.
    static func isMeta(_ b: UInt8) -> Bool {
        b == space || b == tab || b == newline || b == cr || b == semicolon || b == amp || b == pipe
            || b == lt || b == gt || b == lparen || b == rparen
    }
}
