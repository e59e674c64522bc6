/// The eight ANSI colours curses knows, plus the terminal's own default.
public enum Colour: Int, Sendable, Equatable, Hashable {
    case terminal = -1, black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a style looks on a terminal: colours and the attributes every terminal has.
public struct Attr: Sendable, Equatable, Hashable {
    public var fg: Colour = .terminal
    public var bg: Colour = .terminal
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false

    public init(fg: Colour = .terminal, bg: Colour = .terminal, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.reverse = reverse; self.underline = underline; self.dim = dim
    }
}

/// Maps styles to attributes. The monochrome table keeps every distinction that matters
/// (selection, added versus removed, errors) readable without colour: the `+`/`-` columns
/// carry diff meaning, reverse video carries selection, bold carries emphasis.
public struct Theme: Sendable, Equatable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    /// Colour unless the terminal cannot show it or the person asked for none
    /// (https://no-color.org: any non-empty NO_COLOR).
    public static func detect(environment: [String: String], terminalHasColours: Bool) -> Theme {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return Theme(colour: terminalHasColours && !noColor)
    }

    public func attr(_ style: Style) -> Attr {
        colour ? Self.coloured(style) : Self.mono(style)
    }

    static func coloured(_ style: Style) -> Attr {
        switch style {
        case .normal: return Attr()
        case .title: return Attr(fg: .black, bg: .cyan, bold: true)
        case .selected: return Attr(fg: .black, bg: .cyan)
        case .selectedDim: return Attr(reverse: true)
        case .added: return Attr(fg: .green)
        case .removed: return Attr(fg: .red)
        case .addedWord: return Attr(fg: .black, bg: .green)
        case .removedWord: return Attr(fg: .black, bg: .red)
        case .hunk: return Attr(fg: .cyan)
        case .fileHeader: return Attr(fg: .yellow, bold: true)
        case .meta: return Attr(fg: .blue)
        case .status: return Attr(fg: .black, bg: .white)
        case .hint: return Attr(fg: .blue, bg: .white)
        case .error: return Attr(fg: .red, bold: true)
        case .success: return Attr(fg: .green, bold: true)
        case .warning: return Attr(fg: .yellow, bold: true)
        case .riskHigh: return Attr(fg: .red, bold: true)
        case .riskMed: return Attr(fg: .yellow)
        case .riskLow: return Attr(fg: .green)
        case .match: return Attr(fg: .black, bg: .yellow)
        case .border: return Attr(fg: .blue)
        case .dim: return Attr(dim: true)
        case .modal: return Attr(fg: .white, bg: .blue)
        case .key: return Attr(fg: .cyan, bold: true)
        }
    }

    static func mono(_ style: Style) -> Attr {
        switch style {
        case .normal, .added, .meta, .border, .riskLow, .riskMed, .hunk: return Attr()
        case .title, .status, .selected, .modal: return Attr(reverse: true)
        case .selectedDim: return Attr(underline: true)
        case .removed, .dim: return Attr(dim: true)
        case .hint: return Attr(reverse: true)
        case .fileHeader, .error, .success, .warning, .riskHigh, .key: return Attr(bold: true)
        case .match: return Attr(reverse: true, underline: true)
        case .addedWord: return Attr(bold: true, underline: true)
        case .removedWord: return Attr(underline: true, dim: true)
        }
    }
}
