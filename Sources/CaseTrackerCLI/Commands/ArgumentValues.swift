import ArgumentParser
import CaseTracker

/// A closed vocabulary typed on the command line: accepted in any case (`SPO`, `Open`), stored as its
/// lower-case raw value.
public protocol LowercasedArgument: ExpressibleByArgument, RawRepresentable where RawValue == String {}

extension LowercasedArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

// The values argument-parser lists in help and completions, as its defaults give them ("\(rawValue)" for
// each case, no descriptions), without the string interpolation of a generic value that costs runtime
// conformance look-ups on every command that has such an option.
extension LowercasedArgument where Self: CaseIterable {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
  public static var allValueDescriptions: [String: String] { [:] }
  public var defaultValueDescription: String { rawValue }
}

extension CaseType: LowercasedArgument {}
extension CaseStatus: LowercasedArgument {}
extension CasePriority: LowercasedArgument {}
extension CaseFilter.Sort: LowercasedArgument {}
extension ProducerFilter.Sort: LowercasedArgument {}
extension ActivityKind: LowercasedArgument {}
extension InsightKind: LowercasedArgument {}
extension ProducerType: LowercasedArgument {}
extension CertificationStatus: LowercasedArgument {}
extension AuditKind: LowercasedArgument {}
extension CriterionType: LowercasedArgument {}
extension Readiness: LowercasedArgument {}
extension ReportRepository.RegionLevel: LowercasedArgument {}

/// Numbers on the command line are decimal, as the user reads them: `Int("+5")`, `Double("0x10")` (16) and
/// `Double("1e309")` (infinity) are refused. Ranges are the domain's to check (`Bounds`).
enum NumberArgument {
  /// A whole number in decimal digits.
  static func whole(_ text: String) throws -> Int {
    if text.hasPrefix("-"), Validate.isDecimalDigits(String(text.dropFirst())) {
      throw ValidationError("it cannot be negative; give a whole number in decimal digits, such as 12")
    }
    guard Validate.isDecimalDigits(text) else {
      throw ValidationError("give a whole number in decimal digits, such as 12")
    }
    guard let value = Int(text) else { throw ValidationError("the number is too large") }
    return value
  }

  /// A number in decimal digits with at most one decimal point, such as 2 or 1.5.
  static func decimal(_ text: String) throws -> Double {
    let bytes = text.utf8
    guard bytes.count <= 20, bytes.filter({ $0 == UInt8(ascii: ".") }).count <= 1,
      bytes.contains(where: { (0x30...0x39).contains($0) }),
      bytes.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: ".") }), let value = Double(text)
    else {
      throw ValidationError(
        text.hasPrefix("-")
          ? "it cannot be negative; give a number in decimal digits, such as 2 or 1.5"
          : "give a number in decimal digits, such as 2 or 1.5")
    }
    return value
  }
}
