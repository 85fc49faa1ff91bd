extension Array where Element == UInt8 {
    /// Appends `value` in decimal, as `String(value).utf8` would, without making the string:
    /// journal lines and cursor addresses are built this way on every keystroke.
    public mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude)
    }

    private mutating func appendDigits(_ value: UInt) {
        if value >= 10 { appendDigits(value / 10) }
        append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
