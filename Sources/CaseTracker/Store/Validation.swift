#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Normalizes and checks what users type, with messages that say how to fix it. Repositories call these
/// before SQL; the schema's CHECK constraints enforce the same rules underneath.
public enum Validate {
  /// A country code, upper-cased: two ASCII letters.
  public static func countryCode(_ text: String) throws -> String {
    let code = text.trimmedSpaces.uppercased()
    guard code.count == 2, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
      throw DomainError.invalid(
        "'\(printable(text))' is not a country code; use an ISO 3166-1 alpha-2 code such as KE")
    }
    return code
  }

  /// A comma-separated list of country codes, upper-cased, without duplicates, in the order given.
  public static func countryCodes(_ text: String) throws -> [String] {
    var codes: [String] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: true) {
      let code = try countryCode(String(part))
      if !codes.contains(code) { codes.append(code) }
    }
    return codes
  }

  /// A region code, upper-cased: letters, digits and single dashes, starting with a letter, 2 to 16
  /// characters (`AME`, `AME-ECA`).
  public static func regionCode(_ text: String) throws -> String {
    let code = text.trimmedSpaces.uppercased()
    let allowed = code.unicodeScalars.allSatisfy {
      ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
    }
    guard (2...16).contains(code.count), allowed, code.first?.isLetter == true,
      !code.hasSuffix("-"), !code.contains("--")
    else {
      throw DomainError.invalid(
        "'\(printable(text))' is not a region code; use 2 to 16 letters, digits and dashes, such as AME-ECA")
    }
    return code
  }

  /// An officer handle: lower-case letters, digits and `-`, 1 to 32 characters, not starting with `-`.
  public static func handle(_ text: String) throws -> String {
    let allowed = text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
    }
    guard (1...32).contains(text.count), allowed, !text.hasPrefix("-") else {
      throw DomainError.invalid(
        "'\(printable(text))' is not an officer handle; use 1 to 32 lower-case letters, digits and dashes, such as akinyi"
      )
    }
    return text
  }

  /// A one-line text such as a name: trimmed, not empty, no control characters, at most `limit`
  /// characters.
  public static func line(_ text: String, field: String, limit: Int = 300) throws -> String {
    let trimmed = text.trimmedSpaces
    guard !trimmed.isEmpty else { throw DomainError.invalid("the \(field) is empty; give a \(field)") }
    // Printable ASCII, as most text is: no control character, one character a byte.
    if trimmed.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) {
      guard trimmed.utf8.count <= limit else {
        throw DomainError.invalid("the \(field) has \(trimmed.utf8.count) characters; at most \(limit) are allowed")
      }
      return trimmed
    }
    try checkDecoded(trimmed, field: field)
    guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw DomainError.invalid(
        "the \(field) contains a control character such as a line break or tab; give it on one line")
    }
    // Counted as SQLite's length() counts in the tables' CHECKs: Unicode scalars, which can be more than
    // the characters Swift counts (an accent written as its own combining mark).
    if trimmed.utf8.count > limit {
      let count = trimmed.unicodeScalars.count
      guard count <= limit else {
        throw DomainError.invalid("the \(field) has \(count) characters; at most \(limit) are allowed")
      }
    }
    return trimmed
  }

  /// An e-mail address: one line, with an `@` between a local part and a domain, no spaces.
  public static func email(_ text: String) throws -> String {
    let value = try line(text, field: "e-mail address", limit: 254)
    let parts = value.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !value.contains(" ") else {
      throw DomainError.invalid("'\(printable(text))' is not an e-mail address; give one such as name@example.org")
    }
    return value
  }

  /// A FLO ID: a positive integer of any length, returned as decimal text without leading zeros.
  public static func floID(_ text: String) throws -> String {
    let trimmed = text.trimmedSpaces
    let bytes = trimmed.utf8
    guard !bytes.isEmpty, bytes.allSatisfy({ (0x30...0x39).contains($0) }),
      let first = bytes.firstIndex(where: { $0 != UInt8(ascii: "0") }),
      bytes.distance(from: first, to: bytes.endIndex) <= 40
    else {
      throw DomainError.invalid(
        "'\(printable(text))' is not a FLO ID; a FLO ID is a positive whole number such as 27651")
    }
    return String(trimmed[first...])
  }

  /// A list of products separated by commas or semicolons: lower-cased, trimmed, inner spaces collapsed,
  /// duplicates dropped, order kept.
  public static func products(_ text: String) throws -> [String] {
    if let products = try asciiProducts(text) { return products }
    var products: [String] = []
    for part in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
      let words = part.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
      if words.isEmpty { continue }
      let product = try line(words, field: "product name", limit: 60)
      if !products.contains(product) { products.append(product) }
    }
    return products
  }

  /// `products(text)` for printable ASCII text, byte by byte (its only white space is the space); nil for
  /// any other text.
  private static func asciiProducts(_ text: String) throws -> [String]? {
    let bytes = text.utf8
    guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
    var products: [String] = []
    var product: [UInt8] = []
    func finish() throws {
      if product.last == UInt8(ascii: " ") { product.removeLast() }
      defer { product.removeAll(keepingCapacity: true) }
      if product.isEmpty { return }
      guard product.count <= 60 else {
        throw DomainError.invalid("the product name has \(product.count) characters; at most 60 are allowed")
      }
      let name = String(decoding: product, as: UTF8.self)
      if !products.contains(name) { products.append(name) }
    }
    for byte in bytes {
      switch byte {
      case UInt8(ascii: ","), UInt8(ascii: ";"): try finish()
      case UInt8(ascii: " "):
        // Runs of spaces become one, and none is kept at the start.
        if !product.isEmpty, product.last != UInt8(ascii: " ") { product.append(byte) }
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): product.append(byte + 0x20)
      default: product.append(byte)
      }
    }
    try finish()
    return products
  }

  /// Tags: free words, lower-cased; several may be given separated by commas.
  public static func tags(_ text: String) throws -> [String] {
    var tags: [String] = []
    for part in text.split(separator: ",") {
      let tag = part.trimmedSpaces.lowercased()
      if tag.isEmpty { continue }
      guard tag.count <= 40, !tag.contains(where: { $0.isWhitespace }),
        !tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
      else {
        throw DomainError.invalid(
          "'\(printable(String(part)))' is not a tag; a tag is one word of at most 40 characters")
      }
      if !tags.contains(tag) { tags.append(tag) }
    }
    return tags
  }

  /// Refuses U+FFFD, which stands where bytes that were not UTF-8 were read.
  static func checkDecoded(_ text: String, field: String) throws {
    if text.unicodeScalars.contains("\u{FFFD}") {
      throw DomainError.invalid(
        "the \(field) is not valid UTF-8 (it holds the replacement character U+FFFD); set the terminal or file to UTF-8"
      )
    }
  }

  /// A free text such as a note or summary: not blank, at most `limit` characters; line breaks allowed.
  public static func text(_ text: String, field: String, limit: Int = 20_000) throws -> String {
    let trimmed = text.trimmedWhitespace
    try checkDecoded(trimmed, field: field)
    guard !trimmed.isEmpty else { throw DomainError.invalid("the \(field) is empty; give a \(field)") }
    guard trimmed.count <= limit else {
      throw DomainError.invalid("the \(field) has \(trimmed.count) characters; at most \(limit) are allowed")
    }
    // SQLite would keep only the text before a NUL: refuse it rather than store part of the text.
    guard !trimmed.unicodeScalars.contains("\u{0}") else {
      throw DomainError.invalid("the \(field) contains a NUL character; remove it and give the text again")
    }
    return trimmed
  }

  /// A count of members or workers: a whole number within `Bounds.members`.
  public static func members(_ text: String) throws -> Int {
    let digits = text.trimmedSpaces
    guard isDecimalDigits(digits), let value = Int(digits),
      Bounds.members.contains(value)
    else {
      throw DomainError.invalid(
        "'\(printable(text))' is not a member count; give a whole number from 0 to \(Bounds.members.upperBound)")
    }
    return value
  }

  public static func producerType(_ text: String) throws -> ProducerType {
    guard let type = ProducerType(rawValue: text.trimmedSpaces.lowercased()) else {
      throw DomainError.invalid(
        "'\(printable(text))' is not a producer type; use spo, hlo or cp")
    }
    return type
  }

  public static func certificationStatus(_ text: String) throws -> CertificationStatus {
    guard let status = CertificationStatus(rawValue: text.trimmedSpaces.lowercased())
    else {
      let all = CertificationStatus.allCases.map(\.rawValue).joined(separator: ", ")
      throw DomainError.invalid("'\(printable(text))' is not a certification status; use one of \(all)")
    }
    return status
  }

  /// `text` made safe to quote in a one-line message: escaped by `TerminalText`'s rule (line breaks
  /// too), long text cut.
  public static func printable(_ text: String, limit: Int = 60) -> String {
    var result = TerminalText.escaped(text)
    if result.count > limit { result = String(result.prefix(limit)) + "…" }
    return result
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs (what `trimmingCharacters(in: .whitespaces)` does, without
  /// Foundation's bridging, which dominated imports).
  var trimmedSpaces: String {
    // ASCII text, byte by byte: its only such spaces are the space and the tab.
    let ascii = utf8.withContiguousStorageIfAvailable { bytes -> String? in
      var first = 0
      var last = bytes.count - 1
      if bytes.contains(where: { $0 >= 0x80 }) { return nil }
      while first <= last, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
      while last >= first, bytes[last] == 0x20 || bytes[last] == 0x09 { last -= 1 }
      if first == 0, last == bytes.count - 1, let whole = self as? String { return whole }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<(last + 1)]), as: UTF8.self)
    }
    if let ascii = ascii ?? nil { return ascii }
    let isSpace: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }

  /// Without leading and trailing white space and line breaks.
  var trimmedWhitespace: String {
    guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
      return ""
    }
    return String(self[first...last])
  }
}

extension StringProtocol {
  /// Without the leading and trailing Unicode scalars that `isTrimmed` picks, what Foundation's
  /// `trimmingCharacters(in:)` does with a character set, without Foundation.
  public func trimmingScalars(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
      let last = scalars.lastIndex(where: { !isTrimmed($0) })
    else { return "" }
    var kept = String.UnicodeScalarView()
    kept.append(contentsOf: scalars[first...last])
    return String(kept)
  }
}

/// A space or tab (Unicode's spaces, Zs, and U+0009): Foundation's `CharacterSet.whitespaces`.
/// `\.properties.isWhitespace` is its `.whitespacesAndNewlines`.
public func isSpace(_ scalar: Unicode.Scalar) -> Bool {
  scalar.value == 0x09 || scalar.properties.generalCategory == .spaceSeparator
}
