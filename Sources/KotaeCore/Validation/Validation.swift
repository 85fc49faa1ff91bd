import Foundation

/// Where one item stands. Drives the outline marks, `kotae status`, and export's refusal.
public enum ItemStatus: Sendable, Equatable {
    case answered
    /// Nothing entered in a required item.
    case empty
    /// Something entered, but not acceptable yet; the reasons say what to fix.
    case invalid([String])
    /// Its condition is false: any answer it holds is kept but not exported.
    case notApplicable
    /// An optional item left empty on purpose.
    case skipped

    /// Whether the item stands in the way of an export.
    public var blocksExport: Bool {
        switch self {
        case .empty, .invalid: return true
        case .answered, .notApplicable, .skipped: return false
        }
    }

    public var code: String {
        switch self {
        case .answered: return "answered"
        case .empty: return "empty"
        case .invalid: return "invalid"
        case .notApplicable: return "not-applicable"
        case .skipped: return "skipped"
        }
    }
}

/// One reason an item keeps the draft from being complete.
public struct Shortfall: Sendable, Equatable {
    public var itemID: String
    public var questionHead: String
    public var reason: String
    /// The field the reason is about, when it is about one (not for an item left unanswered).
    public var field: String? = nil

    public var description: String { "\(itemID) \(questionHead): \(reason)" }
}

extension Questionnaire {
    public func status(of item: Item, answers: Answers) -> ItemStatus {
        assess(item, answers: answers).status
    }

    /// The item's status, and for an invalid one each field's problem as the person reads it
    /// (naming the field in an item of several), with the field it is about.
    private func assess(_ item: Item, answers: Answers) -> (status: ItemStatus, problems: [(field: String, reason: String)]) {
        if !applies(item, answers: answers) { return (.notApplicable, []) }
        let values = item.fields.map { answers.value(item: item.id, field: $0.name) }
        if values.allSatisfy(\.isEmpty) {
            return (item.fields.contains(where: \.required) ? .empty : .skipped, [])
        }
        let problems = zip(item.fields, values).compactMap { field, value in
            Validator.problem(with: value, in: field).map { problem in
                (field: field.name, reason: item.isCompound ? "\(field.label ?? field.name): \(problem)" : problem)
            }
        }
        return (problems.isEmpty ? .answered : .invalid(problems.map(\.reason)), problems)
    }

    /// Everything that keeps the draft from export, in definition order (respondent first).
    public func shortfalls(_ answers: Answers) -> [Shortfall] {
        answerableItems.flatMap { item -> [Shortfall] in
            let head = Self.head(of: item.question)
            let (status, problems) = assess(item, answers: answers)
            if status == .empty { return [Shortfall(itemID: item.id, questionHead: head, reason: "未回答 (no answer)")] }
            return problems.map { Shortfall(itemID: item.id, questionHead: head, reason: $0.reason, field: $0.field) }
        }
    }

    public func isComplete(_ answers: Answers) -> Bool { shortfalls(answers).isEmpty }

    /// Counts for a progress line: questions answered (or skipped) out of those that apply.
    public func progress(_ answers: Answers) -> (done: Int, applicable: Int) {
        Self.progress(items.map { status(of: $0, answers: answers) })
    }

    /// `progress` from statuses already worked out (those of `items`).
    public static func progress(_ statuses: [ItemStatus]) -> (done: Int, applicable: Int) {
        var done = 0
        var applicable = 0
        for status in statuses {
            switch status {
            case .notApplicable: continue
            case .answered, .skipped: done += 1; applicable += 1
            case .empty, .invalid: applicable += 1
            }
        }
        return (done, applicable)
    }

    /// The first characters of a question, enough to recognise it in a list.
    public static func head(of question: String, length: Int = 24) -> String {
        head(ofLine: Item.firstLine(of: question), length: length)
    }

    /// `head(of:)` for an item's `headline`, already one line.
    public static func head(ofLine line: String, length: Int = 24) -> String {
        let end = line.index(line.startIndex, offsetBy: length, limitedBy: line.endIndex)
        return end == nil || end == line.endIndex ? line : String(line[..<end!]) + "…"
    }
}

/// The rules of each field type. A problem is a short sentence a respondent can act on,
/// in Japanese first (the respondents' language) with English after it.
public enum Validator {
    /// `characterCount`, when the caller already knows the text's length (an editor keeps it),
    /// saves counting a long answer again.
    public static func problem(with value: FieldValue, in field: Field, characterCount: Int? = nil) -> String? {
        if value.isEmpty {
            return field.required ? "未回答 (no answer)" : nil
        }
        switch field.kind {
        case .text(let rules), .line(let rules):
            return textProblem(value.text, rules: rules, singleLine: field.kind.typeName == "line", characterCount: characterCount)
        case .integer(let rules):
            return integerProblem(value.text, rules: rules)
        case .date:
            return dateProblem(value.text)
        case .choice(let options):
            if value.selected.isEmpty { return "選択してください (choose an option)" }
            if value.selected.count > 1 { return "選択できるのは一つです (choose only one option)" }
            return optionProblem(value, options: options)
        case .multi(let options):
            if value.selected.isEmpty && field.required { return "一つ以上選択してください (choose at least one option)" }
            return optionProblem(value, options: options)
        }
    }

    static func textProblem(_ text: String, rules: TextRules, singleLine: Bool, characterCount: Int? = nil) -> String? {
        if singleLine && text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            return "改行は入力できません (one line only)"
        }
        // Counting characters walks the whole text: only when a limit asks for it.
        let length = rules.maxLength == nil && rules.minLength == nil ? 0 : characterCount ?? text.count
        if let max = rules.maxLength, length > max {
            return "\(max)文字以内で入力してください（現在\(length)文字） (at most \(max) characters; now \(length))"
        }
        if let min = rules.minLength, length < min {
            return "\(min)文字以上で入力してください（現在\(length)文字） (at least \(min) characters; now \(length))"
        }
        if let format = rules.format, !matches(text, format: format) {
            if let folded = halfWidth(text), matches(folded, format: format) { return halfWidthProblem }
            switch format {
            case .email: return "メールアドレスの形式ではありません (not an e-mail address)"
            case .phone: return "電話番号の形式ではありません (not a telephone number)"
            }
        }
        if let pattern = rules.pattern, let regex = try? Regex(pattern), (try? regex.wholeMatch(in: text)) == nil {
            return "入力の形式が正しくありません (does not match the required pattern)"
        }
        return nil
    }

    static func integerProblem(_ text: String, rules: IntegerRules) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let number = parseInteger(trimmed) else {
            return "整数で入力してください (a whole number, e.g. 12)"
        }
        if let min = rules.min, number < min { return "\(min)以上の数を入力してください (at least \(min))" }
        if let max = rules.max, number > max { return "\(max)以下の数を入力してください (at most \(max))" }
        return nil
    }

    /// Accepts ASCII and full-width digits (１２３, as Japanese IMEs often produce) and
    /// thousands separators ("1,234").
    public static func parseInteger(_ text: String) -> Int? {
        var digits = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: digits.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x2D where digits.isEmpty, 0xFF0D where digits.isEmpty, 0x2212 where digits.isEmpty: digits.append("-")
            case 0x2C, 0xFF0C: continue
            default: return nil
            }
        }
        return Int(digits)
    }

    static func optionProblem(_ value: FieldValue, options: [ChoiceOption]) -> String? {
        for id in value.selected {
            guard let option = options.first(where: { $0.id == id }) else {
                return "選択肢 '\(id)' はありません (unknown option)"
            }
            if option.takesText && value.text.allSatisfy(\.isWhitespace) {
                return "「\(option.label)」の内容を入力してください (describe '\(option.label)')"
            }
        }
        return nil
    }

    static func matches(_ text: String, format: TextFormat) -> Bool {
        switch format {
        case .email:
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                  !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
            return !text.contains(where: { $0.isWhitespace })
        case .phone:
            let digits = text.filter(\.isASCII).filter(\.isNumber).count
            return digits >= 6 && text.allSatisfy { $0.isASCII && ($0.isNumber || "-+() ".contains($0)) }
        }
    }

    public static func isValidDate(_ text: String) -> Bool { dateProblem(text) == nil }

    /// An address, number or date typed with a Japanese IME left in full-width mode
    /// (ｈａｎａｋｏ＠…, ０３－…, ２０２５－０７－０１) is told just that, not that its form is wrong.
    static let halfWidthProblem = "半角で入力してください（全角の文字が入っています） (use half-width characters)"

    /// `text` as a field that takes half-width characters keeps it (`FieldKind.takesHalfWidth`):
    /// what a Japanese IME left in full-width mode types (ｈａｎａｋｏ＠…, ０３) made half-width, the
    /// ideographic space a space, and the dashes it types for a hyphen (the long-vowel mark ー in
    /// kana mode, −, ‐, –, —) hyphens. A person typing an address or a number means exactly that.
    public static func halfWidthForm(of text: String) -> String {
        fold(text, hyphens: true) ?? text
    }

    /// `text` with the full-width forms of ASCII (and the ideographic space) made half-width;
    /// nil when it has none.
    static func halfWidth(_ text: String) -> String? {
        fold(text, hyphens: false)
    }

    /// `text` folded as `halfWidthForm` says, with the dashes too when `hyphens`; nil when
    /// nothing in it changed.
    private static func fold(_ text: String, hyphens: Bool) -> String? {
        var folded = String.UnicodeScalarView()
        var changed = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: folded.append(Unicode.Scalar(scalar.value - 0xFEE0)!); changed = true
            case 0x3000: folded.append(" "); changed = true
            case 0x30FC, 0x2212, 0x2010...0x2015:
                folded.append(hyphens ? "-" : scalar)
                changed = changed || hyphens
            default: folded.append(scalar)
            }
        }
        return changed ? String(folded) : nil
    }

    /// A date written otherwise than YYYY-MM-DD is told the form; a well-written one that no
    /// calendar has (2026-02-30) is told so, since its form is not what is wrong.
    static func dateProblem(_ text: String) -> String? {
        if let folded = halfWidth(text), dateProblem(folded) == nil { return halfWidthProblem }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return "日付は YYYY-MM-DD で入力してください (a date is written YYYY-MM-DD)"
        }
        let noSuchDate = "\(text) という日付はありません (there is no such date)"
        guard (1...12).contains(month) else { return noSuchDate }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day) ? nil : noSuchDate
    }
}
