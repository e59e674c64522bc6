/// A command line split into positionals and flags, the way the tools' parsers see it.
struct ParsedArgs {
    var positionals: [String] = []
    /// name (without dashes) -> values in order; a flag given without a value has "" and is in `bare`.
    var flags: [String: [String]] = [:]
    var bare: Set<String> = []
    /// The flags in command-line order (name, value or nil).
    var order: [(String, String?)] = []

    /// Splits `args`. `isBool(name)` says a long or short flag takes no value; `shortValue` lists the
    /// one-letter flags that take one (others are booleans, and may be grouped: `-fsSL`).
    init(_ args: [String], isBool: (String) -> Bool, shortValue: Set<Character> = []) {
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" {
                positionals.append(contentsOf: args[(i + 1)...])
                break
            }
            if a.hasPrefix("--") && a.count > 2 {
                let body = a.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    add(String(body[..<eq]), String(body[body.index(after: eq)...]))
                } else {
                    let name = String(body)
                    if isBool(name) || i + 1 >= args.count || (args[i + 1].hasPrefix("-") && args[i + 1] != "-" && args[i + 1].count > 1) {
                        add(name, nil)
                    } else {
                        add(name, args[i + 1])
                        i += 1
                    }
                }
            } else if a.hasPrefix("-") && a.count > 1 {
                let chars = Array(a.dropFirst())
                var j = 0
                while j < chars.count {
                    let ch = chars[j]
                    if shortValue.contains(ch) {
                        var rest = String(chars[(j + 1)...])
                        if rest.hasPrefix("=") { rest.removeFirst() }
                        if !rest.isEmpty {
                            add(String(ch), rest)
                        } else if i + 1 < args.count {
                            add(String(ch), args[i + 1])
                            i += 1
                        } else {
                            add(String(ch), nil)
                        }
                        break
                    }
                    add(String(ch), nil)
                    j += 1
                }
            } else {
                positionals.append(a)
            }
            i += 1
        }
    }

    private mutating func add(_ name: String, _ value: String?) {
        flags[name, default: []].append(value ?? "")
        if value == nil { bare.insert(name) }
        order.append((name, value))
    }

    /// The last value of the first of `names` given.
    func value(_ names: String...) -> String? {
        for n in names { if let v = flags[n]?.last { return v } }
        return nil
    }

    /// Every value of `names`, in order; empty values dropped.
    func values(_ names: String...) -> [String] {
        order.filter { names.contains($0.0) }.compactMap { $0.1 }.filter { !$0.isEmpty }
    }

    func has(_ names: String...) -> Bool { names.contains { flags[$0] != nil } }
}
