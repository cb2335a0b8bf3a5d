import Testing

@testable import CaseTracker

@Suite struct TerminalTextTests {
  @Test func controlsBidiAndFormatCharactersAreShownEscaped() {
    #expect(TerminalText.escaped("plain text") == "plain text")
    #expect(TerminalText.escaped("a\u{1B}[2Jb\u{07}c\rd\u{7F}e") == "a\\u{1b}[2Jb\\u{7}c\\u{d}d\\u{7f}e")
    #expect(TerminalText.escaped("\u{85}\u{9B}\u{9F}") == "\\u{85}\\u{9b}\\u{9f}")
    #expect(
      TerminalText.escaped("\u{202A}\u{202E}\u{2066}\u{2069}\u{200E}\u{200F}\u{061C}\u{2028}")
        == "\\u{202a}\\u{202e}\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{2028}")
    // Letters, accents, wide characters and emoji joined by U+200D stay as they are.
    #expect(TerminalText.escaped("Café 茶 👩‍🌾") == "Café 茶 👩‍🌾")
    #expect(TerminalText.escaped("one\ntwo\tthree") == "one\\u{a}two\\u{9}three")
  }

  @Test func multiLineTextKeepsLineFeedsTabsAndCRLFButNotALoneCR() {
    #expect(TerminalText.escaped("one\ntwo\tthree", keepingLineBreaks: true) == "one\ntwo\tthree")
    #expect(TerminalText.escaped("a,b\r\nc,d\r\n", keepingLineBreaks: true) == "a,b\r\nc,d\r\n")
    #expect(TerminalText.escaped("paid\rvoid\r", keepingLineBreaks: true) == "paid\\u{d}void\\u{d}")
    #expect(TerminalText.escaped("x\r\r\ny", keepingLineBreaks: true) == "x\\u{d}\r\ny")
    #expect(TerminalText.escaped("\u{1B}]0;title\u{07}\n", keepingLineBreaks: true) == "\\u{1b}]0;title\\u{7}\n")
  }

  @Test func messagesQuoteArgumentsThroughTheSameRule() {
    #expect(Validate.printable("bad\u{1B}[31m\u{202E}") == "bad\\u{1b}[31m\\u{202e}")
  }
}
