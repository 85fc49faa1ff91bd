import Foundation
import KotaeTestSupport
import Testing
@testable import KotaeText

/// Applies a splice as the draft journal does: on `String`, by `Character` offsets.
private func apply(_ splice: Splice, to text: inout String) {
    let start = text.index(text.startIndex, offsetBy: splice.from)
    let end = text.index(start, offsetBy: splice.removed)
    text.replaceSubrange(start..<end, with: splice.inserted)
}

/// The same by the splice's UTF-8 offsets, as the in-memory copy of an answer is changed.
private func applyByBytes(_ splice: Splice, to text: inout String) {
    let start = text.utf8.index(text.utf8.startIndex, offsetBy: splice.utf8From)
    let end = text.utf8.index(start, offsetBy: splice.utf8Removed)
    text.replaceSubrange(start..<end, with: splice.inserted)
}

@Suite struct EditingTests {
    @Test func aLongAnswerIsHeldWithoutSpareRoom() {
        // Paragraphs of 1 to 2,000 characters, as an answer pasted from Word has them.
        let lengths = [1, 37, 64, 65, 300, 2_000]
        let text = lengths.map { String(repeating: "委", count: $0) }.joined(separator: "\n")
        let buffer = TextBuffer(text)
        #expect(buffer.paragraphs.map(\.count) == lengths)
        for paragraph in buffer.paragraphs {
            // The allocator may round up a little; growing by doubling left up to twice the room.
            #expect(paragraph.capacity <= paragraph.count + 4, "\(paragraph.count) characters held in room for \(paragraph.capacity)")
        }
    }

    /// A frame leaves a row as it is when it came from the same version of its paragraph: a
    /// version must change with every change of the characters, and only the changed
    /// paragraphs' versions.
    @Test func aParagraphsVersionChangesWithItsCharactersOnly() {
        var buffer = TextBuffer("委託先\n再委託\n監督")
        let original = buffer.paragraphVersions
        #expect(Set(original.map(ObjectIdentifier.init)).count == 3)
        func changed() -> [Bool] { zip(original, buffer.paragraphVersions).map { $0 !== $1 } }

        buffer.moveCursor(to: TextPosition(paragraph: 1, offset: 3))
        buffer.insert("先")  // typed where it stands alone
        #expect(changed() == [false, true, false])
        let typed = buffer.paragraphVersions[1]
        buffer.insert("\u{301}")  // joins the character before it: the general path
        #expect(buffer.paragraphVersions[1] !== typed)
        #expect(buffer.paragraphVersions[0] === original[0] && buffer.paragraphVersions[2] === original[2])

        buffer.moveCursor(to: TextPosition(paragraph: 0, offset: 1))
        buffer.insert("\n")  // one paragraph becomes two, both new; the ones after keep theirs
        #expect(buffer.paragraphs.map { String($0) } == ["委", "託先", "再委託先\u{301}", "監督"])
        #expect(buffer.paragraphVersions[0] !== original[0] && buffer.paragraphVersions[1] !== original[0])
        #expect(buffer.paragraphVersions[3] === original[2])

        // Moving the cursor changes no characters.
        let before = buffer.paragraphVersions
        buffer.moveCursor(to: buffer.end)
        buffer.prepareNextEdit()
        #expect(zip(before, buffer.paragraphVersions).allSatisfy { $0 === $1 })

        // Copies edited apart never share a version for different characters.
        var copy = buffer
        buffer.moveCursor(to: buffer.end)
        copy.moveCursor(to: copy.end)
        buffer.insert("あ")
        copy.insert("い")
        #expect(buffer.paragraphVersions.last! !== copy.paragraphVersions.last!)
        #expect(buffer.paragraphVersions.count == buffer.paragraphs.count && copy.paragraphVersions.count == copy.paragraphs.count)
    }

    /// Whatever the edits (undo and redo among them), a version seen once names the same
    /// characters for as long as it lives.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func aParagraphVersionAlwaysNamesTheSameCharacters(_ seed: UInt64) {
        var random = SplitMix(seed: seed)
        var editor = TextEditor(text: "委託先の監督\n\n再委託", width: 12)
        let commands: [EditCommand] = [.insert("あ"), .insert("a"), .insert("\n"), .insert("\u{3099}"), .paste("一\n二\n"),
                                       .deleteBackward, .deleteForward, .undo, .redo, .left, .right, .up, .down, .textStart, .textEnd]
        var seen: [ObjectIdentifier: (version: ParagraphVersion, characters: [Character])] = [:]
        for step in 0..<600 {
            editor.perform(commands.randomElement(using: &random)!)
            for (version, characters) in zip(editor.buffer.paragraphVersions, editor.buffer.paragraphs) {
                if let earlier = seen[ObjectIdentifier(version)] {
                    #expect(earlier.characters == characters, "seed \(seed), step \(step)")
                    if earlier.characters != characters { return }
                } else {
                    seen[ObjectIdentifier(version)] = (version, characters)
                }
            }
            #expect(editor.buffer.paragraphVersions.count == editor.buffer.paragraphs.count)
        }
    }

    @Test func typingMovesTheCursorByCharacters() {
        var editor = TextEditor(text: "", width: 40)
        for character in "委託先" { editor.perform(.insert(String(character))) }
        #expect(editor.text == "委託先")
        #expect(editor.cursorLocation == (row: 0, column: 6))
        editor.perform(.left)
        editor.perform(.insert("の"))
        #expect(editor.text == "委託の先")
    }

    @Test func deletingADecomposedGaRemovesTheWholeCharacter() {
        var editor = TextEditor(text: "か\u{3099}き", width: 40)
        editor.perform(.right)
        #expect(editor.cursor.offset == 1, "が is one step")
        let splice = editor.perform(.deleteBackward)
        #expect(editor.text == "き")
        #expect(splice == Splice(from: 0, removed: 1, inserted: "", utf8From: 0, utf8Removed: 6), "か and its mark are 6 bytes")
    }

    @Test func deletingAnEmojiWithASkinToneRemovesTheWholeCharacter() {
        var editor = TextEditor(text: "了解👍🏽です", width: 40)
        editor.perform(.right)
        editor.perform(.right)
        editor.perform(.deleteForward)
        #expect(editor.text == "了解です")
        #expect(!editor.text.unicodeScalars.contains { $0.value == 0x1F3FD })
    }

    @Test func aCombiningMarkTypedAfterItsBaseJoinsIt() {
        var editor = TextEditor(text: "", width: 40)
        var journal = ""
        for piece in ["か", "\u{3099}", "き"] {
            if let splice = editor.perform(.insert(piece)) { apply(splice, to: &journal) }
        }
        #expect(editor.buffer.paragraphs == [["か\u{3099}", "き"]])
        #expect(editor.cursor.offset == 2)
        #expect(journal == editor.text)
        #expect(journal.unicodeScalars.count == 3)
    }

    @Test func lineAndTextMotions() {
        var editor = TextEditor(text: "一二三四五六七八九十\n次の段落", width: 10)
        editor.perform(.down)
        #expect(editor.cursorLocation == (row: 1, column: 0))
        editor.perform(.rowEnd)
        #expect(editor.cursor == TextPosition(paragraph: 0, offset: 10), "the paragraph's last row ends after 十")
        editor.perform(.up)
        editor.perform(.rowEnd)
        #expect(editor.cursor == TextPosition(paragraph: 0, offset: 4), "a wrapped row's end stays on that row, before 五")
        editor.perform(.textEnd)
        #expect(editor.cursor == TextPosition(paragraph: 1, offset: 4))
        editor.perform(.rowStart)
        #expect(editor.cursor == TextPosition(paragraph: 1, offset: 0))
        editor.perform(.textStart)
        #expect(editor.cursor == TextPosition(paragraph: 0, offset: 0))
    }

    @Test func upAndDownKeepTheColumnAcrossWrappedRows() {
        // Width 10: row 0 "あいうえお" (10 cells), row 1 "abc" (3), row 2 "かきくけこ" (10).
        var editor = TextEditor(text: "あいうえおabc\nかきくけこ", width: 10)
        editor.perform(.right)
        editor.perform(.right)
        editor.perform(.right)
        #expect(editor.cursorLocation == (row: 0, column: 6))
        editor.perform(.down)
        #expect(editor.cursorLocation == (row: 1, column: 3), "the short row's end")
        editor.perform(.down)
        #expect(editor.cursorLocation == (row: 2, column: 6), "back to the goal column")
        editor.perform(.up)
        editor.perform(.up)
        #expect(editor.cursorLocation == (row: 0, column: 6))
    }

    @Test func upAndDownLandLeftOfAWideCharacterTheyWouldSplit() {
        // Column 1 is the middle of あ on the next row: the cursor goes to the boundary left of it.
        var editor = TextEditor(text: "ab\nあい", width: 10)
        editor.perform(.right)
        editor.perform(.down)
        #expect(editor.cursorLocation == (row: 1, column: 0))
    }

    @Test func wordMotionFollowsJapaneseWords() {
        var editor = TextEditor(text: "委託先を監督する。Contract review 年1回", width: 80)
        var stops: [Int] = []
        for _ in 0..<7 {
            editor.perform(.wordRight)
            stops.append(editor.cursor.offset)
        }
        // 委託先を | 監督する | 。 | Contract | review | 年 | 1
        #expect(stops == [4, 8, 9, 17, 24, 26, 27])
        editor.perform(.wordLeft)
        #expect(editor.cursor.offset == 26)
        editor.perform(.wordLeft)
        editor.perform(.wordLeft)
        #expect(editor.cursor.offset == 18, "to the start of review")
    }

    @Test func undoAndRedoRoundTrip() {
        var editor = TextEditor(text: "", width: 40)
        for character in "監督" { editor.perform(.insert(String(character))) }
        editor.perform(.left)
        for character in "の実施" { editor.perform(.insert(String(character))) }
        editor.perform(.deleteBackward)
        #expect(editor.text == "監の実督")
        editor.perform(.undo)
        #expect(editor.text == "監の実施督")
        editor.perform(.undo)
        #expect(editor.text == "監督", "typing at one spot is one step")
        editor.perform(.undo)
        #expect(editor.text == "")
        #expect(editor.perform(.undo) == nil)
        editor.perform(.redo)
        editor.perform(.redo)
        editor.perform(.redo)
        #expect(editor.text == "監の実督")
    }

    @Test func aTwentyThousandCharacterPasteIsOneUndoStep() {
        let line = "委託先における個人データの取扱状況を書面及び立入り調査で確認している。\n"
        let paste = String(String(repeating: line, count: 600).prefix(20_000))
        var editor = TextEditor(text: "前置き", width: 79)
        editor.perform(.textEnd)
        let splice = editor.perform(.paste(paste))
        #expect(splice == Splice(from: 3, removed: 0, inserted: paste, utf8From: 9, utf8Removed: 0))
        #expect(editor.text == "前置き" + paste)
        editor.perform(.undo)
        #expect(editor.text == "前置き")
        editor.perform(.redo)
        #expect(editor.text.count == 20_003)
    }

    /// Readied after the frame (the cursor at the end of a long answer, where a draft reopens),
    /// the next edits still report where they happen, for the journal, wherever the cursor goes.
    @Test func editsAfterTheEditorIsReadiedAreJournaledWhereTheyHappen() {
        let paragraphs = (0..<300).map { "第\($0)段落：委託先の監督。" }
        var editor = TextEditor(text: paragraphs.joined(separator: "\n"), width: 40)
        var journal = editor.text, byBytes = editor.text
        for command in [EditCommand.textEnd, .insert("あ"), .textStart, .insert("い"), .down, .insert("う"), .textEnd, .deleteBackward] {
            editor.prepareNextEdit()
            let before = editor.text
            if let splice = editor.perform(command) {
                apply(splice, to: &journal)
                applyByBytes(splice, to: &byBytes)
            } else {
                #expect(editor.text == before)
            }
            #expect(journal == editor.text && byBytes == editor.text, "after \(command)")
        }
        #expect(editor.text.hasPrefix("い第0段落") && editor.text.hasSuffix("第299段落：委託先の監督。"))
    }

    @Test func pastedWindowsLineBreaksBecomeNewlines() {
        var editor = TextEditor(text: "", width: 40)
        let splice = editor.perform(.paste("一行目\r\n二行目\r三行目"))
        #expect(editor.text == "一行目\n二行目\n三行目")
        #expect(splice?.inserted == "一行目\n二行目\n三行目")
    }

    /// The splices an editor reports, replayed on a String as the journal does, must always give
    /// the editor's text: otherwise a reloaded draft would differ from what was on screen.
    @Test(arguments: [1, 2, 3])
    func splicesReplayedOnAStringGiveTheSameText(_ seed: UInt64) {
        var random = SplitMix(seed: seed)
        let pieces = ["あ", "a", "\u{3099}", "か", "\n", "👍", "\u{1F3FD}", "\u{200D}", "🇯", "🇵", "e", "\u{301}", "。", "\r\n"]
        var editor = TextEditor(text: "", width: 9)
        var journal = "", byBytes = ""
        for _ in 0..<800 {
            let command: EditCommand
            switch random.next() % 12 {
            case 0...5: command = .insert(pieces[Int(random.next() % UInt64(pieces.count))])
            case 6: command = .deleteBackward
            case 7: command = .deleteForward
            case 8: command = [.left, .right, .up, .down, .wordLeft, .wordRight][Int(random.next() % 6)]
            case 9: command = .undo
            case 10: command = .redo
            default: command = .paste(pieces.shuffled(using: &random).joined())
            }
            let changed = editor.perform(command)
            // The run loop readies the focused editor after each frame, and a frame may follow
            // one key or several.
            if random.next() % 3 == 0 { editor.prepareNextEdit() }
            if let splice = changed {
                apply(splice, to: &journal)
                applyByBytes(splice, to: &byBytes)
            }
            #expect(journal == editor.text)
            #expect(byBytes == editor.text)
            // The buffer holds the characters String itself sees, whichever way an edit went.
            let asString = editor.text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
            #expect(editor.buffer.paragraphs == asString)
            // Undo then redo of an edit comes back to the same text and cursor: the offsets the
            // history keeps are right.
            if changed != nil && command != .undo && command != .redo && random.next() % 4 == 0 {
                let (text, cursor) = (editor.text, editor.cursor)
                if let splice = editor.perform(.undo) { apply(splice, to: &journal); applyByBytes(splice, to: &byBytes) }
                if let splice = editor.perform(.redo) { apply(splice, to: &journal); applyByBytes(splice, to: &byBytes) }
                #expect(editor.text == text && editor.cursor == cursor)
            }
            if journal != editor.text || byBytes != editor.text { return }
        }
    }
}
