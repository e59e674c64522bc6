// Builtins that assign variables by name without `NAME=`: `export X`, `local y`,
// `read -r a b`, `mapfile -t lines`, `printf -v out`. Rules that ask "is this variable ever
// set?" need these as much as real assignments.

extension Parser {
    mutating func recordBuiltinAssignments(_ words: [ShellWord], offsets: [Int], declaration: AssignmentKind?) {
        guard let name = words.first?.literal, words.count > 1 else { return }
        if let kind = declaration {
            recordDeclaredNames(words, offsets: offsets, kind: kind)
            return
        }
        switch name {
        case "read": recordReadNames(words, offsets: offsets, optionsWithArgument: "adinNptu", arrayOption: "a", firstOnly: false)
        case "mapfile", "readarray": recordReadNames(words, offsets: offsets, optionsWithArgument: "dnOsuCc", arrayOption: nil, firstOnly: true)
        case "printf":
            if words.count > 2, words[1].literal == "-v", let target = words[2].literal, isIdentifier(target) {
                recordNamed(target, kind: .plain, word: words[2], offset: offsets[2])
            }
        default: break
        }
    }

    /// `export X`, `local a b`: names without a value (those with one were recorded as read).
    private mutating func recordDeclaredNames(_ words: [ShellWord], offsets: [Int], kind: AssignmentKind) {
        var options = true
        var named: [(String, Int)] = []
        for i in 1..<words.count {
            guard let arg = words[i].literal else { continue }
            if options && arg == "--" {
                options = false
                continue
            }
            if options, let first = arg.utf8.first, first == Ch.dash || first == Ch.plus {
                // -f / -F name functions, -p only prints: nothing is assigned.
                if arg.contains("f") || arg.contains("F") || arg.contains("p") { return }
                continue
            }
            if isIdentifier(arg) { named.append((arg, i)) }
        }
        for (arg, i) in named { recordNamed(arg, kind: kind, word: words[i], offset: offsets[i]) }
    }

    private mutating func recordReadNames(_ words: [ShellWord], offsets: [Int], optionsWithArgument: String,
                                          arrayOption: Character?, firstOnly: Bool) {
        var i = 1
        var options = true
        while i < words.count {
            let arg = words[i].literal ?? ""
            if options && arg == "--" {
                options = false
                i += 1
                continue
            }
            if options && arg.count > 1 && arg.hasPrefix("-") {
                let letters = Array(arg.dropFirst())
                for (j, letter) in letters.enumerated() where optionsWithArgument.contains(letter) {
                    // The option's argument is the rest of the cluster or the next word.
                    var value: String?
                    var valueIndex = i
                    if j + 1 < letters.count {
                        value = String(letters[(j + 1)...])
                    } else if i + 1 < words.count {
                        i += 1
                        valueIndex = i
                        value = words[i].literal
                    }
                    if letter == arrayOption, let value, isIdentifier(value) {
                        recordNamed(value, kind: .read, word: words[valueIndex], offset: offsets[valueIndex])
                    }
                    break
                }
                i += 1
                continue
            }
            options = false
            if isIdentifier(arg) {
                recordNamed(arg, kind: .read, word: words[i], offset: offsets[i])
                if firstOnly { return }
            }
            i += 1
        }
    }

    private mutating func recordNamed(_ name: String, kind: AssignmentKind, word: ShellWord, offset: Int) {
        assignments.append(Located(offset: offset, item: ShellAssignment(
            name: name, value: nil, kind: kind, line: word.line, enclosing: ctx)))
    }
}
