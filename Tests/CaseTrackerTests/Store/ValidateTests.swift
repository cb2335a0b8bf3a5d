import Foundation
import Testing

@testable import CaseTracker

@Suite struct ValidateTests {
  @Test func lineLengthsCountUnicodeScalarsAsTheTablesChecksDo() throws {
    // 200 characters, each an "e" and a combining acute accent: 400 scalars, as SQLite's length() counts.
    let accented = String(repeating: "e\u{301}", count: 200)
    #expect(accented.count == 200)
    #expect(throws: DomainError.self) { try Validate.line(accented, field: "producer name", limit: 300) }
    #expect(
      try Validate.line(String(repeating: "e\u{301}", count: 150), field: "producer name", limit: 300).count == 150)
  }

  @Test func countryCodes() throws {
    #expect(try Validate.countryCode(" ke ") == "KE")
    #expect(try Validate.countryCodes("ke,UG,,ke, tz") == ["KE", "UG", "TZ"])
    for bad in ["KEN", "K", "K1", "", "\u{C9}S"] {
      expectDomainError(.invalid, "is not a country code; use an ISO 3166-1 alpha-2 code such as KE") {
        _ = try Validate.countryCode(bad)
      }
    }
  }

  @Test func regionCodes() throws {
    #expect(try Validate.regionCode("ame-eca") == "AME-ECA")
    #expect(try Validate.regionCode("A2") == "A2")
    for bad in ["A", "1AB", "AB-", "A--B", "AB C", "-AB", String(repeating: "A", count: 17)] {
      expectDomainError(.invalid, "'\(bad)' is not a region code") { _ = try Validate.regionCode(bad) }
    }
  }

  @Test func handles() throws {
    #expect(try Validate.handle("akinyi") == "akinyi")
    #expect(try Validate.handle("a-1") == "a-1")
    for bad in ["Bad", "-x", "a b", "", "a_b", String(repeating: "a", count: 33)] {
      expectDomainError(.invalid, "is not an officer handle") { _ = try Validate.handle(bad) }
    }
  }

  @Test func lines() throws {
    #expect(try Validate.line("  Kabngetuny Coop ", field: "name") == "Kabngetuny Coop")
    #expect(throws: DomainError.invalid("the name is empty; give a name")) { try Validate.line("  ", field: "name") }
    #expect(
      throws: DomainError.invalid(
        "the name contains a control character such as a line break or tab; give it on one line")
    ) { try Validate.line("a\nb", field: "name") }
    #expect(throws: DomainError.invalid("the name has 4 characters; at most 3 are allowed")) {
      try Validate.line("abcd", field: "name", limit: 3)
    }
  }

  @Test func asciiAndOtherTextAreTrimmedAndCheckedAlike() throws {
    #expect(" \t a b \t".trimmedSpaces == "a b")
    #expect("\u{A0}\u{3000}é b\u{A0}".trimmedSpaces == "é b")
    #expect(" \r\n ".trimmedSpaces == "\r\n")
    #expect("".trimmedSpaces == "" && "  ".trimmedSpaces == "")
    #expect(Substring("xx abc ").dropFirst(2).trimmedSpaces == "abc")
    #expect(try Validate.line(" Café ", field: "name") == "Café")
    #expect(throws: DomainError.invalid("the name has 4 characters; at most 3 are allowed")) {
      try Validate.line("Café", field: "name", limit: 3)
    }
    for control in ["a\u{7F}b", "a\u{1}b", "a\tb", "é\u{85}"] {
      #expect(
        throws: DomainError.invalid(
          "the name contains a control character such as a line break or tab; give it on one line")
      ) { try Validate.line(control, field: "name") }
    }
  }

  @Test func emails() throws {
    #expect(try Validate.email(" a@example.org ") == "a@example.org")
    for bad in ["no-at", "@example.org", "a@", "a b@example.org", "a@b@c"] {
      expectDomainError(.invalid, "is not an e-mail address") { _ = try Validate.email(bad) }
    }
  }

  @Test func floIDs() throws {
    #expect(try Validate.floID("007") == "7")
    #expect(try Validate.floID(" 27651 ") == "27651")
    let forty = "1" + String(repeating: "0", count: 39)
    #expect(try Validate.floID(forty) == forty)
    #expect(try Validate.floID("000" + forty) == forty)
    for bad in ["0", "000", "", "-1", "1.5", "12a", forty + "0", "٣", "１２", "00" + forty + "0"] {
      expectDomainError(.invalid, "is not a FLO ID; a FLO ID is a positive whole number such as 27651") {
        _ = try Validate.floID(bad)
      }
    }
  }

  @Test func products() throws {
    #expect(try Validate.products("Coffee, TEA ;coffee") == ["coffee", "tea"])
    #expect(try Validate.products(" Herbs   &  Spices;;, ") == ["herbs & spices"])
    #expect(try Validate.products("") == [])
    expectDomainError(.invalid, "the product name has 61 characters") {
      _ = try Validate.products(String(repeating: "x", count: 61))
    }
    // Other text than printable ASCII takes the general path, with the same rules.
    #expect(try Validate.products("Coffee,\tTEA  Leaf\t;Café ,CAFÉ") == ["coffee", "tea leaf", "café"])
    #expect(try Validate.products("A\u{A0}B, a b") == ["a b"])
    expectDomainError(.invalid, "the product name contains a control character") {
      _ = try Validate.products("tea\u{7F}")
    }
    expectDomainError(.invalid, "the product name has 61 characters") {
      _ = try Validate.products("tea;" + String(repeating: "x", count: 60) + "é;" + String(repeating: "y", count: 70))
    }
  }

  @Test func membersTypesAndStatuses() throws {
    #expect(try Validate.members(" 0 ") == 0)
    for bad in ["-1", "1.5", "many", "10000001"] {
      expectDomainError(.invalid, "is not a member count") { _ = try Validate.members(bad) }
    }
    #expect(try Validate.producerType(" SPO ") == .spo)
    #expect(throws: DomainError.invalid("'coop' is not a producer type; use spo, hlo or cp")) {
      try Validate.producerType("coop")
    }
    #expect(try Validate.certificationStatus("Certified") == .certified)
    #expect(
      throws: DomainError.invalid(
        "'done' is not a certification status; use one of prospect, applicant, permitted, certified, suspended, decertified, withdrawn"
      )
    ) { try Validate.certificationStatus("done") }
  }

  @Test func printable() {
    #expect(Validate.printable("a\nb\u{200B}") == "a\\u{a}b\\u{200b}")
    #expect(Validate.printable(String(repeating: "x", count: 61)) == String(repeating: "x", count: 60) + "\u{2026}")
  }

  @Test func calendarDates() throws {
    #expect(try CalendarDate.parse("2024-02-29") == "2024-02-29")
    for bad in ["2026-1-01", "26-11-2026", "", "1899-12-31"] {
      expectDomainError(.invalid, "is not a valid date; write it as YYYY-MM-DD") { _ = try CalendarDate.parse(bad) }
    }
    // A day the calendar does not have is named as such.
    for (bad, said) in [
      ("2026-02-29", "February 2026 has 28 days"), ("2024-02-30", "February 2024 has 29 days"),
      ("2026-11-31", "November 2026 has 30 days"), ("2026-13-01", "there is no month 13; the months are 01 to 12"),
      ("2026-00-10", "there is no month 0"),
    ] {
      expectDomainError(.invalid, "'\(bad)' is not a valid date: \(said)") { _ = try CalendarDate.parse(bad) }
    }
  }

  @Test func identifiers() {
    let id = Identifier.make()
    #expect(Identifier.isUUID(id))
    #expect(id == id.lowercased())
    #expect(!Identifier.isUUID("aaaaaa11"))
    #expect(Identifier.prefix("AAAAAA") == "aaaaaa")
    #expect(Identifier.prefix("aaaaa") == nil)
    #expect(Identifier.prefix("aaaaag") == nil)
    #expect(Identifier.prefix(id) == id)
  }
}
