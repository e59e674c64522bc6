// Words: quote removal, escapes, globs. Expansions inside a word are read by
// Expansions.swift, which records them (and the commands of substitutions) as it goes.

enum WordMode {
    case normal
    /// The right side of `=~` in `[[ ]]`, where `( ) |` belong to the regex.
    case regex
}

/// What a word turned out to contain while it was read. The unquoted value is only built
/// once something (a quote, an escape) makes it differ from the raw text, which spares an
/// allocation for most words.
struct WordAcc {
    let start: Int
    /// False for scratch accumulators whose value nobody reads.
    let keepsText: Bool
    /// The value after quote removal, expansions kept as written (only when not verbatim).
    var text: [UInt8] = []
    /// Nothing was removed so far: the value is the raw text from `start`.
    var verbatim = true
    var hasExpansion = false
    var hasGlob = false
    var bracketOpen = false
    var braceOpen = false
    var braceList = false
    var tilde = false

    init(start: Int, keepsText: Bool = true) {
        self.start = start
        self.keepsText = keepsText
    }

    @inline(__always) mutating func append(_ c: UInt8) {
        if keepsText && !verbatim { text.append(c) }
    }

    @inline(__always) mutating func append(_ slice: ArraySlice<UInt8>) {
        if keepsText && !verbatim { text.append(contentsOf: slice) }
    }
}

extension Parser {
    /// One word at `pos`, or nil when `pos` is at a metacharacter or the end.
    mutating func readWord(mode: WordMode = .normal, isValue: Bool = false) -> ShellWord? {
        let start = pos
        var acc = WordAcc(start: start)
        var parens = 0
        scan: while pos < end {
            let c = bytes[pos]
            switch c {
            case Ch.space, Ch.tab, Ch.nl:
                guard parens > 0 && c != Ch.nl else { break scan }
            case Ch.semi, Ch.amp, Ch.lt, Ch.gt:
                if parens == 0 {
                    if pos == start && (c == Ch.lt || c == Ch.gt) && peek(1) == Ch.lparen {
                        readProcessSubstitution(&acc)
                        continue scan
                    }
                    break scan
                }
            case Ch.pipe:
                guard parens > 0 || mode == .regex else { break scan }
            case Ch.lparen:
                let extglob = pos > start && Self.isExtglobPrefix(bytes[pos - 1])
                guard mode == .regex || parens > 0 || extglob else { break scan }
                if mode == .normal { acc.hasGlob = true }
                parens += 1
            case Ch.rparen:
                guard parens > 0 else { break scan }
                parens -= 1
            case Ch.cr:
                if parens == 0 && isCRBeforeNewline(pos) { break scan }
            case Ch.backslash:
                materialize(&acc)
                let n = continuation(at: pos)
                if n > 0 {
                    pos += n
                } else if pos + 1 < end {
                    acc.append(bytes[pos + 1])
                    pos += 2
                } else {
                    acc.append(c)
                    pos += 1
                }
                continue scan
            case Ch.squote:
                readSingleQuoted(&acc)
                continue scan
            case Ch.dquote:
                readDoubleQuoted(&acc)
                continue scan
            case Ch.dollar:
                let n = peek(1)
                if n == Ch.squote {
                    readAnsiC(&acc)
                } else if n == Ch.dquote {
                    materialize(&acc)
                    pos += 1
                    readDoubleQuoted(&acc)
                } else {
                    readDollar(&acc, quoted: false)
                }
                continue scan
            case Ch.backtick:
                readBackticks(&acc)
                continue scan
            case Ch.star, Ch.question:
                acc.hasGlob = true
            case Ch.lbracket:
                acc.bracketOpen = true
            case Ch.rbracket:
                if acc.bracketOpen { acc.hasGlob = true }
            case Ch.lbrace:
                acc.braceOpen = true
            case Ch.comma:
                if acc.braceOpen { acc.braceList = true }
            case Ch.dot:
                if acc.braceOpen && peek(1) == Ch.dot { acc.braceList = true }
            case Ch.rbrace:
                if acc.braceOpen && acc.braceList { acc.hasGlob = true }
            case Ch.tilde:
                if pos == start { acc.tilde = true }
            default:
                break
            }
            acc.append(c)
            pos += 1
        }
        guard pos > start else { return nil }
        let raw = text(start, pos)
        let unquoted = acc.verbatim ? raw : String(decoding: acc.text, as: UTF8.self)
        // Assignment values are not globbed or brace-expanded.
        let dynamic = acc.hasExpansion || acc.tilde || (acc.hasGlob && !isValue)
        return ShellWord(raw: raw, literal: dynamic ? nil : unquoted, unquotedText: unquoted,
                         line: lineOf(start), hasExpansion: acc.hasExpansion)
    }

    static func isExtglobPrefix(_ c: UInt8) -> Bool {
        c == Ch.at || c == Ch.bang || c == Ch.plus || c == Ch.star || c == Ch.question
    }

    /// Ends verbatim mode: from here on the value is built byte by byte.
    @inline(__always) func materialize(_ acc: inout WordAcc) {
        guard acc.verbatim else { return }
        acc.verbatim = false
        if acc.keepsText { acc.text = Array(bytes[acc.start..<pos]) }
    }

    mutating func readSingleQuoted(_ acc: inout WordAcc) {
        let open = pos
        materialize(&acc)
        var p = pos + 1
        while p < end && bytes[p] != Ch.squote { p += 1 }
        acc.append(bytes[(open + 1)..<p])
        if p < end {
            pos = p + 1
        } else {
            diag("unterminated single quote", at: open)
            pos = end
        }
    }

    /// From the opening `"` through the closing one.
    mutating func readDoubleQuoted(_ acc: inout WordAcc) {
        let open = pos
        materialize(&acc)
        pos += 1
        while pos < end {
            let c = bytes[pos]
            switch c {
            case Ch.dquote:
                pos += 1
                return
            case Ch.backslash:
                let n = peek(1)
                if n == Ch.dollar || n == Ch.backtick || n == Ch.dquote || n == Ch.backslash {
                    acc.append(n)
                    pos += 2
                } else if case let length = continuation(at: pos), length > 0 {
                    pos += length
                } else {
                    acc.append(c)
                    pos += 1
                }
            case Ch.dollar:
                readDollar(&acc, quoted: true)
            case Ch.backtick:
                readBackticks(&acc)
            default:
                acc.append(c)
                pos += 1
            }
        }
        diag("unterminated double quote", at: open)
    }

    /// `$'...'`, whose escapes are decoded into the value.
    mutating func readAnsiC(_ acc: inout WordAcc) {
        let open = pos
        materialize(&acc)
        pos += 2
        while pos < end {
            let c = bytes[pos]
            if c == Ch.squote {
                pos += 1
                return
            }
            guard c == Ch.backslash && pos + 1 < end else {
                acc.append(c)
                pos += 1
                continue
            }
            let e = bytes[pos + 1]
            pos += 2
            switch e {
            case 0x6E: acc.append(Ch.nl)     // n
            case 0x74: acc.append(Ch.tab)    // t
            case 0x72: acc.append(Ch.cr)     // r
            case 0x61: acc.append(0x07)      // a
            case 0x62: acc.append(0x08)      // b
            case 0x65, 0x45: acc.append(0x1B) // e E
            case 0x66: acc.append(0x0C)      // f
            case 0x76: acc.append(0x0B)      // v
            case 0x78: appendScalar(&acc, readHex(maxDigits: 2), asByte: true)  // x
            case 0x75: appendScalar(&acc, readHex(maxDigits: 4), asByte: false) // u
            case 0x55: appendScalar(&acc, readHex(maxDigits: 8), asByte: false) // U
            case 0x63:                             // c: control character
                if pos < end { acc.append(bytes[pos] & 0x1F); pos += 1 }
            case 0x30...0x37:
                var value = UInt32(e - 0x30)
                var digits = 1
                while digits < 3, pos < end, bytes[pos] >= 0x30 && bytes[pos] <= 0x37 {
                    value = value * 8 + UInt32(bytes[pos] - 0x30)
                    pos += 1
                    digits += 1
                }
                acc.append(UInt8(truncatingIfNeeded: value))
            default:
                acc.append(e)
            }
        }
        diag("unterminated $' quote", at: open)
    }

    mutating func readHex(maxDigits: Int) -> UInt32? {
        var value: UInt32 = 0
        var digits = 0
        while digits < maxDigits, pos < end {
            let c = bytes[pos]
            let v: UInt32
            switch c {
            case 0x30...0x39: v = UInt32(c - 0x30)
            case 0x41...0x46: v = UInt32(c - 0x41 + 10)
            case 0x61...0x66: v = UInt32(c - 0x61 + 10)
            default: return digits == 0 ? nil : value
            }
            value = value &* 16 &+ v
            pos += 1
            digits += 1
        }
        return digits == 0 ? nil : value
    }

    func appendScalar(_ acc: inout WordAcc, _ value: UInt32?, asByte: Bool) {
        guard let value else { return }
        if asByte {
            acc.append(UInt8(truncatingIfNeeded: value))
        } else if let scalar = Unicode.Scalar(value) {
            acc.append(ArraySlice(String(Character(scalar)).utf8))
        }
    }
}
