// Parser state and the byte-level primitives every other part uses. The parser is one
// forward pass over UTF-8 bytes; words, substitutions and heredoc bodies are read in place
// so offsets and line numbers always refer to the original text.

enum Ch {
    static let tab: UInt8 = 0x09, nl: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
    static let bang: UInt8 = 0x21, dquote: UInt8 = 0x22, hash: UInt8 = 0x23, dollar: UInt8 = 0x24
    static let percent: UInt8 = 0x25, amp: UInt8 = 0x26, squote: UInt8 = 0x27
    static let lparen: UInt8 = 0x28, rparen: UInt8 = 0x29, star: UInt8 = 0x2A, plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C, dash: UInt8 = 0x2D, dot: UInt8 = 0x2E, slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A, semi: UInt8 = 0x3B, lt: UInt8 = 0x3C, equals: UInt8 = 0x3D
    static let gt: UInt8 = 0x3E, question: UInt8 = 0x3F, at: UInt8 = 0x40
    static let lbracket: UInt8 = 0x5B, backslash: UInt8 = 0x5C, rbracket: UInt8 = 0x5D
    static let caret: UInt8 = 0x5E, backtick: UInt8 = 0x60
    static let lbrace: UInt8 = 0x7B, pipe: UInt8 = 0x7C, rbrace: UInt8 = 0x7D, tilde: UInt8 = 0x7E
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) func isNameStart(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F }
@inline(__always) func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }

/// Bytes that end an unquoted word.
@inline(__always) func isMeta(_ c: UInt8) -> Bool {
    switch c {
    case Ch.space, Ch.tab, Ch.nl, Ch.semi, Ch.amp, Ch.pipe, Ch.lt, Ch.gt, Ch.lparen, Ch.rparen: return true
    default: return false
    }
}

/// `$@ $* $# $? $- $$ $!` (digits are handled apart).
@inline(__always) func isSpecialParameter(_ c: UInt8) -> Bool {
    switch c {
    case Ch.at, Ch.star, Ch.hash, Ch.question, Ch.dash, Ch.dollar, Ch.bang: return true
    default: return false
    }
}

func isIdentifier(_ s: String) -> Bool {
    var it = s.utf8.makeIterator()
    guard let first = it.next(), isNameStart(first) else { return false }
    while let c = it.next() { if !isNameChar(c) { return false } }
    return true
}

enum Keyword: String {
    case ifKw = "if", then, elif, elseKw = "else", fi, forKw = "for", select, whileKw = "while", until
    case doKw = "do", done, caseKw = "case", esac, inKw = "in", function, lbrace = "{", rbrace = "}"
    case bang = "!", dbracket = "[[", time

    var length: Int { rawValue.utf8.count }
}

/// What may end a command list: the keywords and operators a construct waits for.
struct Terms: OptionSet {
    let rawValue: UInt16
    static let then = Terms(rawValue: 1 << 0)
    static let elif = Terms(rawValue: 1 << 1)
    static let elseKw = Terms(rawValue: 1 << 2)
    static let fi = Terms(rawValue: 1 << 3)
    static let doKw = Terms(rawValue: 1 << 4)
    static let done = Terms(rawValue: 1 << 5)
    static let esac = Terms(rawValue: 1 << 6)
    static let rbrace = Terms(rawValue: 1 << 7)
    static let paren = Terms(rawValue: 1 << 8)
    static let caseEnd = Terms(rawValue: 1 << 9)
    static let count = 10

    var slot: Int { rawValue.trailingZeroBitCount }
}

struct Parser {
    /// Deep enough for any real script, shallow enough for a 512 KB thread stack.
    static let maxDepth = 200
    static let maxDiagnostics = 1000

    let bytes: [UInt8]
    let lineStarts: [Int]
    var lineHint = 0
    var pos: Int
    /// Reading stops here; lowered while reading a backtick body or a heredoc body in place.
    var end: Int
    var ctx: [ShellConstruct] = []
    var depth = 0
    /// Found out on first need, as it can cost a system call.
    var stackLimit: UInt = 0
    var stackLimitKnown = false
    /// Set once nesting got too deep: the rest of the input is skipped without more noise.
    var abandoned = false
    var inHeredocBody = false
    /// How many open constructs wait for each terminator, so an inner list stops at a
    /// keyword an outer construct needs (`while ...; do if x; then y; done`). A fixed-size
    /// value, so saving and clearing it around a substitution costs no allocation.
    var waits = SIMD16<Int16>.zero
    var pending: [PendingHeredoc] = []

    var commands: [CommandBuild] = []
    var functions: [FunctionBuild] = []
    var assignments: [Located<ShellAssignment>] = []
    var expansions: [Located<ShellExpansion>] = []
    var loops: [LoopBuild] = []
    var conditionals: [ConditionalBuild] = []
    var groups: [GroupBuild] = []
    var cases: [CaseBuild] = []
    var heredocs: [ShellHeredoc?] = []
    var diagnostics: [ShellDiagnostic] = []
    var comments: [Range<Int>] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count where buffer[i] == Ch.nl { starts.append(i + 1) }
        }
        lineStarts = starts
        end = bytes.count
        // A UTF-8 byte order mark is not part of the first word.
        pos = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    // MARK: - Positions

    /// Most lookups are at or just after the previous one, so the last answer is tried first.
    mutating func lineOf(_ offset: Int) -> Int {
        let h = lineHint
        if lineStarts[h] <= offset {
            if h + 1 == lineStarts.count || offset < lineStarts[h + 1] { return h + 1 }
            if h + 2 == lineStarts.count || offset < lineStarts[h + 2] {
                lineHint = h + 1
                return h + 2
            }
        }
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        lineHint = lo
        return lo + 1
    }

    /// The byte at `i`, or 0 past the reading limit.
    @inline(__always) func at(_ i: Int) -> UInt8 { i < end ? bytes[i] : 0 }
    @inline(__always) func peek(_ k: Int = 0) -> UInt8 { at(pos + k) }

    func text(_ a: Int, _ b: Int) -> String {
        let lo = min(max(a, 0), bytes.count), hi = min(max(b, lo), bytes.count)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// A backslash-newline (or backslash-CRLF) continuation at `i`: its length, else 0.
    @inline(__always) func continuation(at i: Int) -> Int {
        guard at(i) == Ch.backslash else { return 0 }
        let n = at(i + 1)
        if n == Ch.nl { return 2 }
        if n == Ch.cr && at(i + 2) == Ch.nl { return 3 }
        return 0
    }

    /// A carriage return that only precedes a newline is treated as blank, so CRLF
    /// scripts read like LF ones.
    @inline(__always) func isCRBeforeNewline(_ i: Int) -> Bool { at(i) == Ch.cr && at(i + 1) == Ch.nl }

    // MARK: - Diagnostics and depth

    mutating func diag(_ message: String, at offset: Int) {
        guard !abandoned else { return }
        if diagnostics.count == Self.maxDiagnostics {
            diagnostics.append(ShellDiagnostic(line: lineOf(offset), message: "too many problems; no more are reported"))
        }
        guard diagnostics.count < Self.maxDiagnostics else { return }
        diagnostics.append(ShellDiagnostic(line: lineOf(offset), message: message))
    }

    /// Guards every recursive descent. Past the cap, or when the thread's stack runs low,
    /// the rest of the input is given up so a pathological nesting can neither overflow the
    /// stack nor bury the real problems.
    mutating func enter() -> Bool {
        if depth >= Self.maxDepth || (depth >= StackGuard.checkFromDepth && stackIsShort()) {
            if !abandoned {
                diag("nesting too deep (\(depth) levels); the rest of the script is not read", at: pos)
                abandoned = true
            }
            pos = bytes.count
            return false
        }
        depth += 1
        return true
    }

    mutating func stackIsShort() -> Bool {
        if !stackLimitKnown {
            stackLimitKnown = true
            stackLimit = StackGuard.lowestUsableAddress() ?? 0
        }
        return stackLimit != 0 && StackGuard.currentAddress() < stackLimit
    }

    mutating func leave() { depth -= 1 }

    mutating func adjustWaits(_ terms: Terms, by delta: Int) {
        var bits = terms.rawValue
        while bits != 0 {
            waits[bits.trailingZeroBitCount] &+= Int16(delta)
            bits &= bits - 1
        }
    }

    func isWaited(_ term: Terms) -> Bool { waits[term.slot] > 0 }

    // MARK: - Blanks, comments, newlines

    /// Spaces, tabs, continuations and a comment up to (not including) the newline. Called
    /// before every word, so the common "nothing to skip" case stays inline.
    @inline(__always) mutating func skipBlanks() {
        if pos < end {
            switch bytes[pos] {
            case Ch.space, Ch.tab, Ch.backslash, Ch.cr, Ch.hash: skipBlanksSlow()
            default: return
            }
        }
    }

    mutating func skipBlanksSlow() {
        while pos < end {
            switch bytes[pos] {
            case Ch.space, Ch.tab:
                pos += 1
            case Ch.backslash:
                let n = continuation(at: pos)
                guard n > 0 else { return }
                pos += n
            case Ch.cr:
                guard isCRBeforeNewline(pos) else { return }
                pos += 1
            case Ch.hash:
                let start = pos
                while pos < end && bytes[pos] != Ch.nl { pos += 1 }
                comments.append(start..<pos)
            default:
                return
            }
        }
    }

    /// Blank lines and comments between commands; newlines release waiting heredoc bodies.
    mutating func skipBlanksAndNewlines() {
        while true {
            skipBlanks()
            guard pos < end && bytes[pos] == Ch.nl else { return }
            consumeNewline()
        }
    }

    // MARK: - Keywords

    /// The reserved word at `pos`, if the next word is exactly one. Only meaningful where a
    /// command may start; elsewhere keywords are ordinary words.
    func peekKeyword() -> Keyword? {
        guard pos < end else { return nil }
        switch bytes[pos] {
        case 0x63, 0x64, 0x65, 0x66, 0x69, 0x73, 0x74, 0x75, 0x77, Ch.lbrace, Ch.rbrace, Ch.bang, Ch.lbracket: break
        default: return nil
        }
        var e = pos + 1
        while e < end && e - pos < 9 {
            let c = bytes[e]
            if isMeta(c) || (c == Ch.cr && isCRBeforeNewline(e)) { break }
            e += 1
        }
        switch e - pos {
        case 1:
            switch bytes[pos] {
            case Ch.lbrace: return .lbrace
            case Ch.rbrace: return .rbrace
            case Ch.bang: return .bang
            default: return nil
            }
        case 2:
            if matches("if") { return .ifKw }
            if matches("fi") { return .fi }
            if matches("do") { return .doKw }
            if matches("in") { return .inKw }
            if matches("[[") { return .dbracket }
        case 3:
            if matches("for") { return .forKw }
        case 4:
            if matches("then") { return .then }
            if matches("else") { return .elseKw }
            if matches("elif") { return .elif }
            if matches("done") { return .done }
            if matches("case") { return .caseKw }
            if matches("esac") { return .esac }
            if matches("time") { return .time }
        case 5:
            if matches("while") { return .whileKw }
            if matches("until") { return .until }
        case 6:
            if matches("select") { return .select }
        case 8:
            if matches("function") { return .function }
        default:
            break
        }
        return nil
    }

    /// Whether the bytes at `pos` start with `word` (the caller knows the length fits).
    @inline(__always) func matches(_ word: StaticString) -> Bool {
        word.withUTF8Buffer { w in
            guard pos + w.count <= end else { return false }
            for i in 0..<w.count where bytes[pos + i] != w[i] { return false }
            return true
        }
    }
}

/// A record with the offset it came from, to restore source order at the end.
struct Located<T> {
    let offset: Int
    let item: T
}
