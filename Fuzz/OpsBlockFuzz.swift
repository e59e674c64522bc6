// libFuzzer target: the ops-block parser never crashes, and render-then-parse is the
// identity on whatever it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOpsBlock(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let block = try? OpsBlockText.parse(text) {
        let rendered = OpsBlockText.render(block)
        let again = try? OpsBlockText.parse(rendered)
        precondition(again == block, "parse(render(b)) != b")
        precondition(again.map(OpsBlockText.render) == rendered, "render(parse(render(b))) != render(b)")
    }
    _ = try? OpsBlockText.blocks(in: text)
    return 0
}
