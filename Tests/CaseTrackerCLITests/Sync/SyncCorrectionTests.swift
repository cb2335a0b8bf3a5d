import Foundation
import Testing

/// Corrections travel through the hub like any change, and two officers correcting the same record end with
/// the same value everywhere (the latest correction's) and both corrections in its history.
@Suite struct SyncCorrectionTests {
  @Test func concurrentCorrectionsConvergeOnTheLatestAndKeepBoth() throws {
    let unit = try Unit()
    let visit = try unit.ok(
      unit.akinyi,
      [
        "visit", "log", "--kind", "training", "--date", "2026-11-20", "--producer", "27651", "--women", "14",
        "--summary", "ICS training",
      ]
    ).trimmingCharacters(in: .newlines)
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    // Offline, each corrects the same visit: the same field, and one field each.
    try unit.ok(unit.akinyi, ["visit", "update", visit, "--women", "15", "--hours", "3", "--reason", "recounted"])
    try unit.ok(
      unit.mateo, ["visit", "update", visit, "--women", "16", "--summary", "ICS and records training"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    for database in [unit.hub, unit.akinyi, unit.mateo] {
      let shown = try unit.json(database, ["visit", "show", visit])
      #expect(shown["women"] as? Int == 16, "\(database)")
      #expect(shown["hours"] as? Double == 3, "\(database)")
      #expect(shown["summary"] as? String == "ICS and records training", "\(database)")
      let history = (shown["corrections"] as? [[String: Any]] ?? []).map {
        "\($0["actor"] as? String ?? "") \($0["field"] as? String ?? "")"
      }
      #expect(Set(history) == ["akinyi women", "akinyi hours", "mateo women", "mateo summary"], "\(database)")
      try unit.ok(database, ["check"])
    }
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    #expect(try unit.digest(unit.mateo) == unit.digest(unit.hub))
    // Nothing was lost, so nothing is listed for review (the later correction is the value everywhere).
    for database in [unit.hub, unit.akinyi, unit.mateo] {
      #expect(try unit.ok(database, ["sync", "conflicts", "--format", "csv"]).split(separator: "\r\n").count <= 1)
    }
    // A voiding reaches the others: the visit leaves their lists and search, and stays in the database.
    try unit.ok(unit.mateo, ["visit", "void", visit, "--reason", "logged twice"], as: "mateo")
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    #expect(!(try unit.ok(unit.akinyi, ["visit", "list"]).contains(visit)))
    #expect(!(try unit.ok(unit.akinyi, ["search", "records"]).contains(visit)))
    #expect(try unit.ok(unit.akinyi, ["visit", "list", "--voided"]).contains(visit))
    #expect(try unit.digest(unit.akinyi) == unit.digest(unit.hub))
    try unit.ok(unit.akinyi, ["check"])
  }

  /// A value that corrections decide can differ on the hub from what a laptop's change expects, when a
  /// correction the laptop had not seen won there: the hub takes the change and works the value out again from
  /// every correction, as each laptop does, instead of refusing every later sync of that laptop.
  @Test func aCorrectionOverAValueTheHubWorkedOutAgainIsTaken() throws {
    let unit = try Unit()
    let second = unit.box.folder.appendingPathComponent("akinyi-tablet.sqlite").path
    try unit.ok(second, ["sync", "clone", unit.hub])
    let visit = try unit.ok(
      unit.akinyi,
      [
        "visit", "log", "--kind", "training", "--date", "2026-11-20", "--producer", "27651", "--women", "40",
        "--summary", "ICS training",
      ]
    ).trimmingCharacters(in: .newlines)
    try unit.ok(unit.akinyi, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(second, ["sync"])
    try unit.ok(unit.akinyi, ["visit", "update", visit, "--women", "34", "--reason", "recounted"])
    try unit.ok(unit.akinyi, ["sync"])
    // Mateo corrects it offline, from 40; the tablet receives akinyi's 34 before his correction reaches the
    // hub, where his (the later) wins.
    try unit.ok(unit.mateo, ["visit", "update", visit, "--women", "0", "--reason", "none came"], as: "mateo")
    try unit.ok(second, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    #expect(try unit.json(unit.hub, ["visit", "show", visit])["women"] as? Int == 0)
    // The tablet corrects the 34 it holds, later still: its change expects 34 where the hub has 0.
    try unit.ok(second, ["visit", "update", visit, "--women", "13", "--reason", "the register"])
    try unit.ok(second, ["sync"])
    try unit.ok(unit.mateo, ["sync"], as: "mateo")
    try unit.ok(unit.akinyi, ["sync"])
    for database in [unit.hub, unit.akinyi, unit.mateo, second] {
      let shown = try unit.json(database, ["visit", "show", visit])
      #expect(shown["women"] as? Int == 13, "\(database)")
      #expect((shown["corrections"] as? [[String: Any]])?.count == 3, "\(database)")
      try unit.ok(database, ["check"])
      #expect(try unit.digest(database) == unit.digest(unit.hub), "\(database)")
    }
  }
}
