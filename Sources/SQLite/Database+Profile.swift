import CSQLite

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Database {
  /// Prints each statement's run time and SQL to standard error as it finishes, for finding the slow
  /// query of a command (`PSR_PROFILE=1 psr report region …`). Off unless called.
  public func profileStatements() {
    sqlite3_trace_v2(
      handle, UInt32(SQLITE_TRACE_PROFILE),
      { _, _, statement, nanoseconds in
        guard let statement, let nanoseconds else { return 0 }
        let elapsed = nanoseconds.assumingMemoryBound(to: Int64.self).pointee
        let sql = sqlite3_sql(OpaquePointer(statement)).map { String(cString: $0) } ?? "?"
        let line = sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        let text = "psr profile: \(elapsed / 1_000_000) ms  \(line.prefix(160))\n"
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count - 1) }
        return 0
      }, nil)
  }
}
