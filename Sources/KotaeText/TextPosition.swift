/// A place between two characters: a paragraph (text between hard newlines) and a
/// `Character` offset in it.
public struct TextPosition: Sendable, Hashable, Comparable {
    public var paragraph: Int
    public var offset: Int

    public init(paragraph: Int, offset: Int) {
        self.paragraph = paragraph
        self.offset = offset
    }

    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        (lhs.paragraph, lhs.offset) < (rhs.paragraph, rhs.offset)
    }
}

/// A change in terms of the whole text: replace `removed` characters at character offset `from`
/// with `inserted`. This is what a draft journals, so it has the size of the edit.
/// `utf8From` and `utf8Removed` say the same in bytes of the text's UTF-8: a copy of the text
/// held as a `String` can then be changed without walking it character by character.
public struct Splice: Sendable, Equatable {
    public var from: Int
    public var removed: Int
    public var inserted: String
    public var utf8From: Int
    public var utf8Removed: Int

    public init(from: Int, removed: Int, inserted: String, utf8From: Int, utf8Removed: Int) {
        self.from = from
        self.removed = removed
        self.inserted = inserted
        self.utf8From = utf8From
        self.utf8Removed = utf8Removed
    }
}

/// What an edit did to the paragraphs, so a layout can redo only what changed.
public struct TextChange: Sendable, Equatable {
    public var splice: Splice
    /// Paragraphs `firstParagraph ..< firstParagraph + removedParagraphs` were replaced by
    /// `insertedParagraphs` new ones.
    public var firstParagraph: Int
    public var removedParagraphs: Int
    public var insertedParagraphs: Int
    /// Within a one-paragraph change: where it starts, and the characters it took out and put in.
    public var startOffset: Int
    public var removedCharacters: Int
    public var insertedCharacters: Int

    public var isWithinOneParagraph: Bool { removedParagraphs == 1 && insertedParagraphs == 1 }
}
