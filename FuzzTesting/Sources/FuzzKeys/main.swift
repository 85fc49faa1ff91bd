import KotaeCore
import KotaeText
import KotaeTUI

/// Any stream of raw keys (bytes read as code points, function keys, paste markers, pieces of
/// text, bytes that were not UTF-8) through the decoder, the key map and `update` on an open draft, each step drawn by a
/// `Renderer`: never a crash, nothing drawn is a control character, the renderer's frames are
/// `view`'s, and the edits journaled replay to the answers the screen has once typing pauses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeys(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    var decoder = KeyDecoder()
    var events: [InputEvent] = []
    var state = AppState(rows: 24, columns: 80, language: .ja)
    _ = update(&state, .draftOpened(OpenedDraftBox(OpenedDraft(
        questionnaire: Fixture.questionnaire, name: "fuzz", answers: Answers(), readOnly: false,
        savedAt: nil, exportFolder: "/tmp"))))
    var renderer = Renderer()
    var journaled = Answers()
    var steps = 0
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        index += 1
        let raw: RawKey
        switch byte {
        case 0xF0: raw = .pasteStart
        case 0xF1: raw = .pasteEnd
        case 0xF2: raw = .key([.up, .down, .left, .right, .pageUp, .pageDown, .tab, .backTab, .enter, .delete][Int(bytes[min(index, bytes.count - 1)]) % 10])
        case 0xF3: raw = .resize(rows: Int(bytes[min(index, bytes.count - 1)]), columns: 80)
        case 0xF4 where index + 2 < bytes.count:
            raw = .scalar(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]))
            index += 3
        case 0xF6: raw = .notUTF8  // bytes the back end could not make into UTF-8
        case 0xF5 where index < bytes.count:  // a piece of text read at once, as a paste's body is
            let end = min(bytes.count, index + 1 + Int(bytes[index]) % 32)
            raw = .text(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
            index = end
        default: raw = .scalar(UInt32(byte))
        }
        events.removeAll()
        decoder.feed(raw, into: &events)
        for event in events {
            guard let action = KeyMap.action(for: event), action != .quit, action != .suspend else { continue }
            for case .record(let edit, _) in update(&state, action) { journaled.apply(edit, at: nil) }
        }
        let frame = renderer.frame(state)
        steps += 1
        if steps % 16 == 0 { precondition(frame == view(state), "the renderer drew a frame view would not") }
    }
    _ = update(&state, .typingPaused)
    if let filling = state.filling {
        precondition(journaled == filling.answers, "the journal replays to other answers than the screen's")
    }
    let canvas = view(state)
    precondition(renderer.frame(state) == canvas, "the renderer drew a frame view would not")
    precondition(!(0..<canvas.rows).map(canvas.line).joined().unicodeScalars.contains(where: Sanitizer.needsPlaceholder))
    return 0
}

enum Fixture {
    static let questionnaire: Questionnaire = {
        let path = #filePath.components(separatedBy: "/FuzzTesting/")[0] + "/questionnaires/mic-entrustment-2024.yaml"
        return try! DefinitionLoader.load(path: path)
    }()
}
