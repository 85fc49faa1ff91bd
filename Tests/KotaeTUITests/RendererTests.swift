import KotaeCore
import KotaeText
import Testing
@testable import KotaeTUI

/// The run loop draws with a `Renderer`, which copies unchanged parts of the frame before; what it
/// draws must never differ from `view` by a single cell.
@Suite struct RendererTests {
    static let actions: [Action] = [
        .type("あ"), .type("a"), .type("委託"), .type("e\u{301}"), .space, .enter, .edit(.deleteBackward), .edit(.undo),
        .nextField, .previousField, .nextItem, .previousItem, .up, .down, .typingPaused, .typingPaused,
        .paste("一行目\n二行目"), .openReview, .openExport, .openHelp, .openGoTo, .escape, .escape,
        .resize(rows: 30, columns: 100), .resize(rows: 24, columns: 80), .resize(rows: 40, columns: 120), .resize(rows: 8, columns: 30),
        .saved("10:00:00"), .saveFailed("ディスクがいっぱいです。"), .failed("開けません。"),
    ]

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func framesAlwaysEqualAFreshView(_ seed: UInt64) throws {
        var random = Seeded(seed: seed)
        var app = try Harness(rows: 30, columns: 100)
        var renderer = Renderer()
        for step in 0..<400 {
            let action = Self.actions.randomElement(using: &random)!
            app.send(action)
            let frame = renderer.frame(app.state)
            let fresh = view(app.state)
            #expect(frame == fresh, "seed \(seed), step \(step), after \(action)")
            if frame != fresh { return }
        }
    }

    @Test func anOutlineMarkFollowsTypingAtThePause() throws {
        var app = try Harness(rows: 30, columns: 100)
        var renderer = Renderer()
        app.send(.nextItem)
        func outlineLine(_ canvas: Canvas) -> String {
            (0..<canvas.rows).map(canvas.line).first { $0.hasPrefix("○ 1-1") || $0.hasPrefix("✓ 1-1") } ?? ""
        }
        #expect(outlineLine(renderer.frame(app.state)).hasPrefix("○ 1-1"))
        app.send(.type("年"), .type("一"), .type("回"))
        #expect(outlineLine(renderer.frame(app.state)).hasPrefix("○ 1-1"), "unchanged while keys come")
        app.send(.typingPaused)
        #expect(outlineLine(renderer.frame(app.state)).hasPrefix("✓ 1-1"), "answered once typing pauses")
    }
}

/// SplitMix64: a small deterministic generator, so a failing sequence can be replayed.
struct Seeded: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
