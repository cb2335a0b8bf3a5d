import Foundation
import SQLite
import Testing

/// Every count and number has one upper bound in every command, the import and the schema, and nothing a
/// command accepts can make a later one crash.
@Suite struct NumberBoundsTests {
  let visit = [
    "visit", "log", "--kind", "workshop", "--date", "2026-11-20", "--country", "KE", "--summary", "Workshop",
  ]

  @Test func participantCountsAreBoundedAndReportsStillRun() throws {
    let box = try fieldOffice()
    // The value that once passed and made every later listing and report die of an overflow.
    let huge = try box.officer(visit + ["--women", "9223372036854775807", "--men", "1"])
    #expect(huge.status == 65)
    #expect(huge.stderr == "psr: --women must be from 0 to 100000, not 9223372036854775807\n")
    // Two visits that pass one by one cannot add up past what an activity may hold.
    let sum = try box.officer(visit + ["--women", "60000", "--men", "60000"])
    #expect(sum.status == 65)
    #expect(sum.stderr.contains("at most 100000 participants, not 120000"))
    try box.act(visit + ["--women", "100000"])
    try box.act(visit + ["--women", "50000", "--men", "40000", "--other", "10000"])
    #expect(try box.officer(visit + ["--other", "100001"]).status == 65)
    for command in [["visit", "list"], ["report", "region", "AME-ECA"], ["report", "regions", "--format", "json"]] {
      let result = try box.run(["--today", "2026-11-26"] + command)
      #expect(result.status == 0, "\(command): \(result.stderr)")
    }
    let report = try #require(
      try json(
        box.ok(["--today", "2026-11-26", "report", "region", "AME-ECA", "--period", "2026-Q4", "--format", "json"]))
        as? [String: Any])
    let participants = (report["headline"] as? [String: Any])?["participants"] as? [String: Any]
    #expect(participants?["total"] as? Int == 200_000)
    #expect(participants?["women"] as? Int == 150_000)
  }

  @Test func numbersAreDecimal() throws {
    let box = try fieldOffice()
    for (option, value) in [
      ("--hours", "0x10"), ("--hours", "1e309"), ("--hours", "nan"), ("--hours", "1e2"), ("--women", "0x10"),
      ("--men", "+5"), ("--other", "1e3"), ("--women", "99999999999999999999"),
    ] {
      let result = try box.officer(visit + [option, value])
      #expect(result.status == 64, "\(option) \(value)")
      #expect(result.stderr.contains("decimal digits") || result.stderr.contains("too large"), "\(result.stderr)")
    }
    for (hours, status) in [("200", Int32(0)), ("200.5", 65), ("0", 65), (".5", 0), ("4.25", 0)] {
      #expect(try box.officer(visit + ["--hours", hours]).status == status, "--hours \(hours)")
    }
    let listed = try #require(try json(box.ok(["visit", "list", "--format", "json"])) as? [[String: Any]])
    #expect(listed.compactMap { $0["hours"] as? Double }.sorted() == [0.5, 4.25, 200])
  }

  @Test func memberCountsHaveOneBoundForCommandsAndImport() throws {
    let box = try fieldOffice()
    let add = ["producer", "add", "--name", "Big Estate", "--country", "KE", "--type", "hlo", "--members"]
    let over = try box.run(add + ["10000001"])
    #expect(over.status == 65)
    #expect(over.stderr == "psr: the member count is 10000001; give a whole number from 0 to 10000000\n")
    #expect(try box.run(add + ["9223372036854775807"]).status == 65)
    #expect(try box.run(add + ["0x10"]).status == 64)
    try box.ok(add + ["10000000", "--flo-id", "880001"])
    let updated = try box.run(["producer", "update", "880001", "--members", "10000001"])
    #expect(updated.status == 65)
    // What a command accepts, an export carries and the import takes back unchanged.
    let export = try box.ok(["producer", "export"])
    let file = try box.file("export.csv", export)
    let again = try box.run(["producer", "import", file])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("0 added"))
    let hexMembers = try box.file(
      "hex.csv", "name,country,type,members\nHex Coop,KE,spo,0x10\nSigned Coop,KE,spo,+5\n")
    let refused = try box.run(["producer", "import", hexMembers])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("line 2, column members") && refused.stderr.contains("line 3, column members"))
  }

  @Test func theSchemaRefusesOutOfBoundCountsWrittenAroundPsr() throws {
    let box = try fieldOffice()
    try box.act(visit + ["--women", "3"])
    let db = try Database(path: box.db)
    let producer: String = try #require(try db.scalar("SELECT id FROM producers LIMIT 1"))
    #expect(throws: SQLiteError.self) {
      try db.execute("UPDATE producers SET members = 10000001 WHERE id = ?", [producer])
    }
    #expect(throws: SQLiteError.self) { try db.execute("UPDATE activities SET women = 100001") }
    #expect(throws: SQLiteError.self) { try db.execute("UPDATE activities SET women = 50000, men = 50001") }
    try db.execute("UPDATE producers SET members = 10000000 WHERE id = ?", [producer])
  }

  /// A row stored before the bounds (or written around psr) is named by `psr check`, and listings and
  /// reports still run on it rather than stopping the program.
  @Test func aCountStoredBeforeTheBoundsIsNamedAndNothingCrashes() throws {
    let box = try fieldOffice()
    try box.act(visit + ["--women", "3"])
    let db = try Database(path: box.db)
    try db.execute("DROP TRIGGER activities_counts_bounded_on_update")
    try db.execute("UPDATE activities SET women = 9223372036854775807, men = 1")
    let check = try box.run(["check"])
    #expect(check.status == 65)
    #expect(check.stdout.contains("FAIL  bounds: activity "))
    #expect(check.stdout.contains("9223372036854775807 women, 1 men and 0 other participants, over 100000"))
    let listed = try box.run(["visit", "list", "--format", "json"])
    #expect(listed.status == 0, "\(listed.stderr)")
    let rows = try #require(try json(listed.stdout) as? [[String: Any]])
    #expect(rows.first?["participants"] as? Int == Int.max)
    #expect(try box.run(["visit", "list"]).status == 0)
  }
}
