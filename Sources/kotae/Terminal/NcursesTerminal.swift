import CNcursesw
import Foundation
import KotaeCore
import KotaeText
import KotaeTUI
#if canImport(Glibc)
import Glibc
#endif

/// The terminal back end: ncursesw starts and restores the terminal and holds its key table;
/// keys are read straight from the terminal, all that has come at once, and decoded with that
/// table (`TerminalBytes`); canvases go to the screen as `ScreenUpdate`'s bytes (only the cells
/// that changed), with the control strings read from terminfo at start. The one place that
/// touches ncurses and its globals.
final class NcursesTerminal {
    private let window: OpaquePointer
    /// What the screen shows, as far as Kotae drew it; nil when ncurses is to clear it first.
    /// Kept row by row from the canvases drawn: holding on to a canvas itself would make the
    /// renderer copy it before drawing over it.
    private var previous: Canvas?
    private var update = ScreenUpdate()
    private let controls: TerminalControls
    private var cursorVisible = true
    private let pasteStartCode: Int32 = KEY_MAX + 1
    private let pasteEndCode: Int32 = KEY_MAX + 2
    /// Keys whose codes terminfo gives at start (`registerKeys`), and what each is.
    private var terminfoKeys: [Int32: RawKey] = [:]
    private var closed = false
    /// Given back to the shell (`suspend`) and not taken again: nothing is drawn on it.
    private var suspended = false
    /// Keys read and not yet handed out (the rest of what one read brought: an IME's commit of
    /// several characters, a paste), one `read` at a time.
    private var pending: [RawKey] = []
    private var pendingIndex = 0
    /// Where reads from the terminal land; kept, so that a key allocates no buffer.
    private var input = [UInt8](repeating: 0, count: 4096)
    /// The question how wide ○ is drawn, while its answer has not come.
    private var widthQuestion: AmbiguousWidthQuestion?

    /// Starts curses. `setlocale` must come first: in the C locale ncursesw treats every
    /// non-ASCII character as unprintable. Keys typed before (right after Enter on the command
    /// line) wait in the terminal for the first `read`.
    init(noColor: Bool) throws {
        NcursesTerminal.chooseUTF8Locale()
        guard let screen = kotae_start() else { throw TerminalError.cannotStart }
        window = OpaquePointer(screen)
        // ncurses starts on a terminal that cannot place its cursor (TERM=dumb, as in an editor's
        // shell buffer) and then draws everything on one line.
        guard NcursesTerminal.capability("cup") != nil else {
            endwin()
            throw TerminalError.cannotPlaceCursor(term: Environment.process["TERM"] ?? "")
        }
        raw()
        noecho()
        nonl()
        keypad(screen, true)
        set_escdelay(NcursesTerminal.escapeDelay)
        // By default a refresh stops after each line to look for typed-ahead input, flushing
        // what it has: a full screen left in 30 writes and as many polls. Kotae reads all the
        // input there is before it draws, so the check has nothing to find.
        typeahead(-1)
        controls = NcursesTerminal.controls(colors: !noColor && has_colors())
        registerKeys()
        // No endwin() and refresh here to put ncurses in its running state (it flushes after
        // every cursor move until then): Kotae writes its frames itself, ncurses only clears the
        // screen, and that round left the alternate screen and came back at every start.
        enableBracketedPaste(true)
    }

    deinit { close() }

    /// The person's locale if it is UTF-8; otherwise (unset, or ja_JP.UTF-8 named but not
    /// installed, as on many servers) C.UTF-8 for the character type, so Japanese still works.
    static func chooseUTF8Locale() {
        // Only the character type matters (ncursesw's UTF-8); every other category is our own
        // business, and loading them all cost milliseconds at start.
        setlocale(LC_CTYPE, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil { return }
    }

    var size: (rows: Int, columns: Int) {
        let size = kotae_window_size(UnsafeMutablePointer(window))
        return (Int(size.height), Int(size.width))
    }

    // MARK: Input

    /// The next key, or nil when none came within the timeout.
    /// Whether the terminal is gone (the SSH connection or the terminal window closed) without a
    /// SIGHUP reaching us, as under some wrappers: reads then fail at once instead of waiting,
    /// and the run loop would spin.
    var isHungUp: Bool {
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        if poller.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        return false
    }

    /// How long ncurses, and then the run loop, wait after an ESC for the rest of a key's
    /// sequence (a terminal sends one whole): a longer silence makes it the Escape key.
    static let escapeDelay: Int32 = 25

    /// The next key, or nil after `milliseconds` without one (or when a signal came).
    ///
    /// Everything the terminal has is read at once: ncurses reads one byte per system call, with
    /// a poll before each, six calls for a Japanese character where one read does. The run loop
    /// handles all that one read brought before it draws (`hasPendingKeys`), so an IME's commit
    /// of several characters is one frame.
    func read(waitingAtMost milliseconds: Int32) -> RawKey? {
        if let key = nextPending() { return key }
        if let resize = takeResize() { return resize }
        guard let count = readInput(waitingAtMost: milliseconds) else { return takeResize() }
        if let typed = input.withUnsafeBytes({ NcursesTerminal.onlyCharacter(in: UnsafeRawBufferPointer(rebasing: $0[..<count])) }) {
            return typed
        }
        pending = keys(in: Array(input[..<count]))
        return nextPending()
    }

    /// The key of `bytes` when they are one character and no more (how most keys come), found
    /// without the arrays of the general decoding (`keys(in:)`); nil for anything else. An ESC
    /// may begin a key's sequence, so it is left to the key table.
    private static func onlyCharacter(in bytes: UnsafeRawBufferPointer) -> RawKey? {
        guard bytes.count <= 4, bytes.first != 0x1B else { return nil }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator), iterator.next() == nil else { return nil }
        return .scalar(scalar.value)
    }

    /// Asks the terminal how wide it draws East Asian Ambiguous characters
    /// (`AmbiguousWidthQuestion`); its answer comes with the keys, as `InputEvent.cursorPosition`.
    /// Before the first frame, which clears what the question printed.
    func askAmbiguousWidth() {
        NcursesTerminal.write(controls.moveCursor(AmbiguousWidthQuestion.row - 1, 0) + AmbiguousWidthQuestion.bytes)
        widthQuestion = AmbiguousWidthQuestion()
    }

    /// The width the answer to `askAmbiguousWidth` tells, once; nil for any other cursor position.
    func ambiguousWidth(answeredBy row: Int, column: Int) -> AmbiguousWidth? {
        guard let width = widthQuestion?.width(answeredBy: row, column: column) else { return nil }
        widthQuestion = nil
        return width
    }

    /// Before the terminal goes to the shell or an editor: an answer to `askAmbiguousWidth` still
    /// on its way is waited for (within the question's patience), so that it does not arrive there
    /// as typed text. What came meanwhile, the answer with it, is read as keys when Kotae takes
    /// the terminal back (`keepingKeys`), and dropped when it is leaving.
    private func settleWidthQuestion(keepingKeys: Bool) {
        guard let question = widthQuestion else { return }
        var received: [UInt8] = []
        while question.patienceLeft > 0 && !NcursesTerminal.holdsAnswer(to: question, received) {
            guard let count = readInput(waitingAtMost: Int32(max(0, question.patienceLeft))) else {
                if isHungUp { break }
                continue
            }
            received += input[..<count]
        }
        if keepingKeys {
            pending += keys(in: received)
        } else {
            widthQuestion = nil
        }
    }

    private static func holdsAnswer(to question: AmbiguousWidthQuestion, _ bytes: [UInt8]) -> Bool {
        guard let reply = CursorPositionReply.find(in: bytes) else { return false }
        return question.width(answeredBy: reply.row, column: reply.column) != nil
    }

    /// Whether keys already read wait to be handed out.
    var hasPendingKeys: Bool { pendingIndex < pending.count }

    private func nextPending() -> RawKey? {
        if pendingIndex < pending.count {
            defer { pendingIndex += 1 }
            return pending[pendingIndex]
        }
        if !pending.isEmpty {
            pending = []  // a paste, delivered: its text need not stay
            pendingIndex = 0
        }
        return nil
    }

    /// Reads what the terminal has into `input`: the byte count, or nil when nothing came within
    /// `milliseconds`, a signal interrupted the wait, or the terminal is gone (`isHungUp` tells).
    private func readInput(waitingAtMost milliseconds: Int32) -> Int? {
        var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return nil }
        let count = input.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
        return count > 0 ? count : nil
    }

    /// A resize, if a SIGWINCH came.
    private func takeResize() -> RawKey? {
        Signals.takeResize() ? resized() : nil
    }

    /// The terminal's size now, given to ncurses, as a resize: the next frame is drawn whole.
    private func resized() -> RawKey {
        let now = kotae_terminal_size(STDOUT_FILENO)
        if now.height > 0 && now.width > 0 { resizeterm(now.height, now.width) }
        previous = nil
        let size = self.size
        return .resize(rows: size.rows, columns: size.columns)
    }

    /// The keys in `bytes`, read from the terminal: decoded with the terminal's key table up to
    /// a paste's start marker, after which the paste's body is read whole. What the reads cut off
    /// is read on: a key's sequence gets the time ncurses gives an escape sequence to complete,
    /// and a character's last bytes, which are on their way, up to a second.
    private func keys(in bytes: [UInt8]) -> [RawKey] {
        var keys: [RawKey] = []
        var bytes = bytes
        while true {
            if let start = NcursesTerminal.find(NcursesTerminal.pasteStart, in: bytes, from: 0) {
                let before = TerminalBytes.keys(in: Array(bytes[..<start]), match: sequenceMatch)
                keys += before.keys + TerminalBytes.text(before.incomplete) + [.pasteStart]
                return keys + readPasteBody(startingWith: Array(bytes[(start + NcursesTerminal.pasteStart.count)...]))
            }
            let decoded = TerminalBytes.keys(in: bytes, match: sequenceMatch)
            keys += decoded.keys
            if decoded.incomplete.isEmpty { return keys }
            let patience = decoded.incomplete.first == 0x1B ? NcursesTerminal.escapeDelay : 1000
            guard let count = readInput(waitingAtMost: patience) else { return keys + TerminalBytes.text(decoded.incomplete) }
            bytes = decoded.incomplete + input[..<count]
        }
    }

    private static let pasteStart = Array("\u{1B}[200~".utf8)

    /// The body of a bracketed paste (after `carried`, what came with its start marker) and its
    /// end marker, read in large reads. A paste whose end never comes is delivered after a
    /// second of silence (the decoder then ends it). What the reads brought after the end marker
    /// is never dropped: keys and further pastes are read from it.
    private func readPasteBody(startingWith carried: [UInt8]) -> [RawKey] {
        let (body, ended, leftover) = readUntilPasteEnd(startingWith: carried)
        let text = body.isEmpty ? [] : TerminalBytes.pasted(body)
        return ended ? text + [.pasteEnd] + keys(in: leftover) : text
    }

    /// What the terminal's key table (terminfo's, and the paste markers defined at start) says
    /// of `bytes`.
    private func sequenceMatch(_ bytes: [UInt8]) -> SequenceMatch {
        let code = (bytes.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { key_defined($0.baseAddress) }
        switch code {
        case ..<0: return .prefix
        case 0: return .none
        case pasteStartCode: return .key(.pasteStart)
        case pasteEndCode: return .key(.pasteEnd)
        default: return .key(rawKey(for: code))
        }
    }

    private func readUntilPasteEnd(startingWith carried: [UInt8]) -> (body: [UInt8], ended: Bool, leftover: [UInt8]) {
        let marker = Array("\u{1B}[201~".utf8)
        var bytes = carried
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var quiet = 0
        var searched = 0
        while quiet < 5 && bytes.count < KeyDecoder.pasteLimit {
            if let end = NcursesTerminal.find(marker, in: bytes, from: max(0, searched - marker.count)) {
                return (Array(bytes[..<end]), true, Array(bytes[(end + marker.count)...]))
            }
            searched = bytes.count
            var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 200)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 {
                quiet += 1
                continue
            }
            let count = Glibc.read(0, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return (bytes, false, [])
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static let keys: [Int32: Key] = [
        KEY_UP: .up, KEY_DOWN: .down, KEY_LEFT: .left, KEY_RIGHT: .right, KEY_HOME: .home, KEY_END: .end,
        KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown, KEY_IC: .insert, KEY_DC: .delete, KEY_BACKSPACE: .backspace,
        KEY_ENTER: .enter, KEY_BTAB: .backTab, KEY_F0 + 1: .function(1), KEY_F0 + 2: .function(2),
        KEY_SLEFT: .wordLeft, KEY_SRIGHT: .wordRight,
    ]

    /// The key ncurses reported as `code`, nil for one Kotae has no use for.
    private func rawKey(for code: Int32) -> RawKey? {
        NcursesTerminal.keys[code].map(RawKey.key) ?? terminfoKeys[code]
    }

    /// Keys without fixed codes, whose sequences terminfo names: Ctrl/Alt with arrows, Home and
    /// End, and the numeric keypad in application mode (which ncurses' keypad mode turns on),
    /// whose keys type what is printed on them. ncurses knew those as keys Kotae had no use for,
    /// and dropped them: "03-1234" typed on the keypad under PuTTY or tmux arrived as "313".
    private func registerKeys() {
        let named: [(String, Key)] = [
            ("kLFT5", .wordLeft), ("kRIT5", .wordRight), ("kLFT3", .wordLeft), ("kRIT3", .wordRight),
            ("kHOM5", .textStart), ("kEND5", .textEnd), ("kUP5", .up), ("kDN5", .down),
        ]
        let keypad: [(String, Unicode.Scalar)] = [
            ("ka1", "7"), ("ka2", "8"), ("ka3", "9"), ("kb1", "4"), ("kb2", "5"), ("kb3", "6"), ("kc1", "1"), ("kc2", "2"),
            ("kc3", "3"), ("kpZRO", "0"), ("kpDOT", "."), ("kpCMA", ","), ("kpADD", "+"), ("kpSUB", "-"), ("kpMUL", "*"),
            ("kpDIV", "/"), ("kpEQL", "="),
        ]
        let keys = named.map { ($0.0, RawKey.key($0.1)) } + keypad.map { ($0.0, RawKey.scalar($0.1.value)) }
        for (name, key) in keys {
            guard let sequence = capability(name) else { continue }
            let code = key_defined(sequence)
            if code > 0 { terminfoKeys[code] = key }
        }
        define_key(capability("PS") ?? "\u{1B}[200~", pasteStartCode)
        define_key(capability("PE") ?? "\u{1B}[201~", pasteEndCode)
    }

    private func capability(_ name: String) -> String? { NcursesTerminal.capability(name) }

    private static func capability(_ name: String) -> String? {
        guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
        return String(cString: value)
    }

    private func enableBracketedPaste(_ on: Bool) {
        let sequence = capability(on ? "BE" : "BD") ?? (on ? "\u{1B}[?2004h" : "\u{1B}[?2004l")
        putp(sequence)
        fflush(nil)
    }

    // MARK: Output

    /// Draws `canvas`: the cells that changed since the last one, written straight to the
    /// terminal (`ScreenUpdate`), looked for in the rows the canvas says changed (it comes from a
    /// `Renderer`, whose every frame is drawn). A first screen, or one after a resize or a return
    /// from the shell, clears the screen first, in the same write. ncurses never draws: its
    /// picture of the screen stays blank, and the one refresh it is asked for (on a return from
    /// the shell) is followed by such a frame.
    func draw(_ canvas: Canvas) {
        guard !suspended else { return }
        if previous == nil || previous?.rows != canvas.rows || previous?.columns != canvas.columns {
            // Cleared by Kotae, not by a refresh of ncurses' blank window: ncurses clears only
            // when it knows the screen changed behind its back (a second frame from nothing in a
            // row, after a resize while $EDITOR had the terminal, found the first frame's text
            // still there), and its refresh compared a whole screen to do it.
            previous = nil
            update.forget()
        }
        let visible = canvas.cursor != nil
        if visible != cursorVisible {
            curs_set(visible ? 1 : 0)
            cursorVisible = visible
        }
        guard previous != nil else {
            NcursesTerminal.write(controls.clearScreen + update.bytes(from: nil, to: canvas, controls: controls))
            previous = canvas
            return
        }
        let rows = canvas.changedRows.indices.filter { canvas.changedRows[$0] }
        NcursesTerminal.write(update.bytes(from: previous, to: canvas, inRows: rows, controls: controls))
        for row in rows {
            previous!.copy(rows: row..<(row + 1), columns: 0..<canvas.columns, from: canvas)
        }
        previous?.cursor = canvas.cursor
    }

    /// Writes all of `bytes` to the terminal. One that is gone is noticed by the run loop when
    /// it reads (`isHungUp`), so a failure here is dropped.
    private static func write(_ bytes: [UInt8]) {
        _ = FileSystem.writeAll(STDOUT_FILENO, bytes)
    }

    /// The terminal's control strings, read from terminfo once.
    private static func controls(colors: Bool) -> TerminalControls {
        let cup = capability("cup")
        let moveCursor: (Int, Int) -> [UInt8]
        if cup == nil || cup.map(TerminalControls.withoutPadding) == "\u{1B}[%i%p1%d;%p2%dH" {
            moveCursor = TerminalControls.ansiCursorAddress
        } else {
            moveCursor = { row, column in
                guard let bytes = kotae_tiparm2(cup, Int32(row), Int32(column)) else { return [] }
                return Array(TerminalControls.withoutPadding(String(cString: bytes)).utf8)
            }
        }
        let renditions = Style.allCases.map { style in rendition(of: style, colors: colors) }
        return TerminalControls(moveCursor: moveCursor, renditions: renditions,
                                canWriteLastCell: tigetflag("am") != 1 || tigetflag("xenl") == 1,
                                clearScreen: capability("clear").map { Array(TerminalControls.withoutPadding($0).utf8) }
                                    ?? TerminalControls.ansiClearScreen)
    }

    /// The bytes that show `style`: from the normal rendition, its attributes, then its colours
    /// (the terminal's own where the palette says -1). Without colour (or with NO_COLOR), meaning
    /// is carried by attributes alone.
    private static func rendition(of style: Style, colors: Bool) -> [UInt8] {
        var bytes = capability("sgr0") ?? ""
        let attributes: [String]
        if colors {
            switch style {
            case .title, .heading, .invalid, .error, .statusKey, .focusedField: attributes = ["bold"]
            case .selected, .status: attributes = ["rev"]
            case .dim, .notApplicable: attributes = ["dim"]
            case .normal, .field, .answered, .empty, .warning, .notice: attributes = []
            }
        } else {
            switch style {
            case .title, .status, .selected: attributes = ["rev"]
            case .heading, .statusKey, .warning, .notice: attributes = ["bold"]
            case .error, .invalid: attributes = ["bold", "smul"]
            case .focusedField: attributes = ["smul"]
            case .dim, .notApplicable: attributes = ["dim"]
            case .normal, .field, .answered, .empty: attributes = []
            }
        }
        for name in attributes { bytes += capability(name) ?? "" }
        if colors {
            let (foreground, background) = palette(style)
            if foreground >= 0, let setaf = capability("setaf"), let set = kotae_tiparm1(setaf, Int32(foreground)) {
                bytes += String(cString: set)
            }
            if background >= 0, let setab = capability("setab"), let set = kotae_tiparm1(setab, Int32(background)) {
                bytes += String(cString: set)
            }
        }
        return Array(TerminalControls.withoutPadding(bytes).utf8)
    }

    private static func palette(_ style: Style) -> (Int16, Int16) {
        switch style {
        case .title: return (Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        case .answered: return (Int16(COLOR_GREEN), -1)
        case .invalid, .error: return (Int16(COLOR_RED), -1)
        case .empty, .warning: return (Int16(COLOR_YELLOW), -1)
        case .notice, .focusedField: return (Int16(COLOR_CYAN), -1)
        default: return (-1, -1)
        }
    }

    // MARK: Leaving and coming back

    /// The next frame is drawn whole, on a cleared screen: what is on the terminal may no longer
    /// be what Kotae drew.
    func forgetScreen() {
        previous = nil
    }

    /// Gives the terminal back (for Ctrl-Z or an external editor): the shell sees it as it was.
    func suspend() {
        settleWidthQuestion(keepingKeys: true)
        enableBracketedPaste(false)
        endwin()
        suspended = true
    }

    /// Takes the terminal again and repaints everything, at the terminal's size now: it may have
    /// changed meanwhile, and a stopped Kotae, or one waiting for an editor, was not told.
    func resume() {
        let screen = UnsafeMutablePointer<WINDOW>(window)
        suspended = false
        wrefresh(screen)
        enableBracketedPaste(true)
        forgetScreen()
        pending.insert(resized(), at: pendingIndex)
    }

    /// Restores the terminal; safe to call more than once. A terminal given back to the shell
    /// is the shell's, and already as it was.
    func close() {
        guard !closed else { return }
        closed = true
        guard !suspended else { return }
        settleWidthQuestion(keepingKeys: false)
        enableBracketedPaste(false)
        curs_set(1)
        endwin()
    }
}

enum TerminalError: Error, CustomStringConvertible {
    case cannotStart
    case cannotPlaceCursor(term: String)
    case notATerminal

    var description: String {
        switch self {
        case .cannotStart: return "The terminal could not be started (is TERM set to a terminal ncurses knows?)."
        case .cannotPlaceCursor(let term):
            return "This terminal (TERM=\(term)) cannot place the cursor, which the full-screen UI needs; use a terminal such as xterm or tmux, or 'kotae answer' and 'kotae status'."
        case .notATerminal: return "The full-screen UI needs a terminal; use 'kotae answer' and 'kotae status' in scripts."
        }
    }
}
