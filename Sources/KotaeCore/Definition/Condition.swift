/// When an item applies. Declarative, so a definition can be linted and no code runs from a file.
public indirect enum Condition: Sendable, Equatable {
    /// The option `option` is chosen in the choice or multi field at `item`/`field`.
    case chosen(item: String, field: String, option: String)
    case all([Condition])
    case any([Condition])
    case not(Condition)

    /// The items this condition reads, each once, in first-mention order.
    public var referencedItems: [String] {
        var seen: [String] = []
        func visit(_ condition: Condition) {
            switch condition {
            case .chosen(let item, _, _): if !seen.contains(item) { seen.append(item) }
            case .all(let parts), .any(let parts): parts.forEach(visit)
            case .not(let inner): visit(inner)
            }
        }
        visit(self)
        return seen
    }
}

extension Questionnaire {
    /// Whether `item` applies given `answers`. An option chosen in an item that does not apply
    /// itself counts as not chosen, so hiding 2-1 would also hide 2-2.
    /// Linting guarantees conditions only look backwards, so the recursion ends.
    public func applies(_ item: Item, answers: Answers) -> Bool {
        guard let condition = item.condition else { return true }
        return evaluate(condition, answers: answers)
    }

    /// The items that hold an answer and that `edit` would hide: they apply before it, not after.
    /// The UI asks before making such an edit; `kotae answer` says what it hid.
    public func itemsHidden(by edit: DraftEdit, from answers: Answers) -> [String] {
        var after = answers
        after.apply(edit, at: nil)
        return items.filter { item in
            applies(item, answers: answers) && !applies(item, answers: after) && answers.hasAnyValue(item: item.id)
        }.map(\.id)
    }

    func evaluate(_ condition: Condition, answers: Answers) -> Bool {
        switch condition {
        case .chosen(let itemID, let fieldName, let option):
            guard let target = self.item(itemID), applies(target, answers: answers) else { return false }
            return answers.value(item: itemID, field: fieldName).selected.contains(option)
        case .all(let parts):
            return parts.allSatisfy { evaluate($0, answers: answers) }
        case .any(let parts):
            return parts.contains { evaluate($0, answers: answers) }
        case .not(let inner):
            return !evaluate(inner, answers: answers)
        }
    }
}
