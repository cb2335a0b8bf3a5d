#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How many columns a table on stdout may take.
enum TerminalWidth {
  /// `$COLUMNS` when it is set to a whole number (it wins, as it does for `ls`, so that a script or a test
  /// can ask for a width); else the terminal's own width when stdout is a terminal; else nil: output going
  /// to a pipe or a file is not fitted to any width.
  static let stdout: Int? = resolve(
    columns: environmentValue("COLUMNS"), descriptor: STDOUT_FILENO)

  static func resolve(columns: String?, descriptor: Int32) -> Int? {
    if let columns, !columns.isEmpty, columns.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(columns),
      (1...100_000).contains(value)
    {
      return value
    }
    guard isatty(descriptor) == 1 else { return nil }
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}
