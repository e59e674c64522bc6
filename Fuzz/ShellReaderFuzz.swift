// libFuzzer target: the bash reader never crashes or hangs, and what it reports stays
// inside the text. Built by `make fuzz` together with Sources/ShellReader.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShellReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let script = ShellReader.read(text)
    let lines = script.lines.count
    let bytes = text.utf8.count
    for c in script.commands {
        precondition(c.startLine >= 1 && c.startLine <= c.endLine && c.endLine <= lines, "command lines out of range")
        precondition(c.startOffset >= 0 && c.startOffset <= c.endOffset && c.endOffset <= bytes, "offsets out of range")
    }
    for f in script.functions { precondition(f.startLine <= f.endLine && f.endLine <= lines) }
    return 0
}
