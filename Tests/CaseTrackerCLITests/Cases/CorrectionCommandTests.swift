import Foundation
import SQLite
import Testing

/// Corrections and voidings of visits, audits, NCs and insights: kept with who, when, old and new values,
/// shown by `show`, and never deleted.
@Suite struct CorrectionCommandTests {
  func training(_ box: Sandbox) throws -> String {
    let logged = try box.act([
      "visit", "log", "--kind", "training", "--date", "2026-11-20", "--producer", "27651", "--hours", "4",
      "--women", "14", "--men", "9", "--topic", "ics", "--summary", "Internal control system training",
    ])
    return logged.stdout.trimmingCharacters(in: .newlines)
  }

  @Test func aVisitCorrectedKeepsEveryOldValueWithWhoAndWhen() throws {
    let box = try fieldOffice()
    let visit = try training(box)
    let corrected = try box.act([
      "visit", "update", visit, "--date", "2026-11-19", "--women", "15", "--topic", "gender", "--topic", "ics",
      "--reason", "held the day before",
    ])
    #expect(corrected.stderr.contains("corrected visit \(visit): date, women, topics"))
    let shown = try #require(try json(box.ok(["visit", "show", visit, "--format", "json"])) as? [String: Any])
    #expect(shown["date"] as? String == "2026-11-19")
    #expect(shown["women"] as? Int == 15)
    #expect(shown["topics"] as? [String] == ["gender", "ics"])
    let history = try #require(shown["corrections"] as? [[String: Any]])
    #expect(history.map { $0["field"] as? String } == ["date", "women", "topics"])
    #expect(history[0]["old_value"] as? String == "2026-11-20")
    #expect(history[0]["new_value"] as? String == "2026-11-19")
    #expect(history[1]["old_value"] as? String == "14")
    #expect(
      history.allSatisfy { $0["actor"] as? String == "akinyi" && $0["reason"] as? String == "held the day before" })
    let table = try box.ok(["visit", "show", visit])
    #expect(table.contains("date 2026-11-20 → 2026-11-19 (held the day before)"))
    #expect(table.contains("women 14 → 15"))
    #expect(table.contains("topics ics → gender,ics"))
    // The same values again change nothing and add nothing to the history.
    let again = try box.act(["visit", "update", visit, "--women", "15"])
    #expect(again.stderr.contains("already has these values; nothing changed"))
    #expect(corrections(try json(box.ok(["visit", "show", visit, "--format", "json"]))) == 3)
    // Bad input: said in one sentence, nothing stored.
    let refusals: [([String], Int32, String)] = [
      (["visit", "update", visit], 64, "give a field to correct"),
      (["visit", "update", visit, "--date", "2026-12-24"], 65, "in the future"),
      (
        ["visit", "update", visit, "--date", "1926-11-20"], 65,
        "is not a plausible visit date: give a date from 2000-01-01"
      ),
      (["visit", "update", visit, "--date", "2026-02-30"], 65, "February 2026 has 28 days"),
      (["visit", "update", visit, "--women", "-3"], 64, "cannot be negative"),
      (["visit", "update", visit, "--men", "100000"], 65, "at most 100000 participants"),
      (["visit", "update", visit, "--kind", "party"], 64, "party"),
      (["visit", "update", "ffffffff", "--men", "1"], 66, "no visit"),
      (["visit", "update", visit, "--hours", "2", "--no-hours"], 64, "not both"),
    ]
    for (arguments, status, message) in refusals {
      let result = try box.officer(arguments)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    #expect(corrections(try json(box.ok(["visit", "show", visit, "--format", "json"]))) == 3)
    #expect(try box.ok(["check"]).contains("ok"))
    // A corrected value changed behind psr's back is found by psr check.
    let db = try Database(path: box.db)
    try db.execute("UPDATE activities SET women = 99 WHERE id LIKE ?", [visit + "%"])
    let checked = try box.run(["check"])
    #expect(checked.status != 0)
    #expect(
      checked.stdout.contains("1 corrected field(s) do not hold their latest correction's value"), "\(checked.stdout)")
  }

  @Test func aVoidedVisitIsKeptButLeftOutOfListsSearchAndReports() throws {
    let box = try fieldOffice()
    let visit = try training(box)
    let before = try json(
      box.ok(["report", "region", "AME-ECA", "--period", "2026-11", "--format", "json", "--today", "2026-11-26"]))
    #expect(try box.ok(["search", "internal control"]).contains(visit))
    let voided = try box.act(["visit", "void", visit, "--reason", "logged twice"])
    #expect(voided.stderr.contains("voided training \(visit)"))
    #expect(try box.ok(["visit", "list", "--format", "csv"]).split(separator: "\r\n").count == 1)
    let all = try box.ok(["visit", "list", "--voided"])
    #expect(all.contains("VOIDED training"))
    #expect(!(try box.ok(["search", "internal control"]).contains(visit)))
    let after = try json(
      box.ok(["report", "region", "AME-ECA", "--period", "2026-11", "--format", "json", "--today", "2026-11-26"]))
    #expect(activities(in: before) == 1)
    #expect(activities(in: after) == 0)
    // The export is the whole record: the voided visit is in it, with its voiding.
    let exported = try #require(try json(box.ok(["visit", "export", "--format", "json"])) as? [[String: Any]])
    #expect(exported.count == 1)
    #expect(exported.first?["void_reason"] as? String == "logged twice")
    #expect(exported.first?["voided_at"] is String)
    let shown = try box.ok(["visit", "show", visit])
    #expect(shown.contains("Voided:"))
    #expect(shown.contains("by akinyi: logged twice"))
    let refusals: [([String], Int32, String)] = [
      (["visit", "void", visit, "--reason", "again"], 65, "was voided on"),
      (["visit", "update", visit, "--men", "2"], 65, "was voided on"),
      (["visit", "void", visit], 64, "--reason"),
    ]
    for (arguments, status, message) in refusals {
      let result = try box.officer(arguments)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    #expect(try box.ok(["check"]).contains("ok"))
  }

  @Test func auditsNCsAndInsightsAreCorrectedAndShown() throws {
    let box = try fieldOffice()
    let audit = try box.act(["audit", "record", "--producer", "27651", "--kind", "initial", "--date", "2026-10-14"])
      .stdout.trimmingCharacters(in: .newlines)
    let nc = try box.act([
      "nc", "add", "--producer", "27651", "--audit", audit, "--criterion", "SPO 4.1.2", "--type", "core",
      "--deadline", "2027-01-15", "--description", "No written pesticide list",
    ]).stdout.trimmingCharacters(in: .newlines)
    try box.act(["audit", "update", audit, "--kind", "renewal", "--reason", "recorded as initial by mistake"])
    let shownAudit = try box.ok(["audit", "show", audit])
    #expect(shownAudit.contains("Kind:"))
    #expect(shownAudit.contains("renewal"))
    #expect(shownAudit.contains("kind initial → renewal (recorded as initial by mistake)"))
    #expect(shownAudit.contains("SPO 4.1.2"))
    try box.act(["nc", "update", nc, "--criterion", "SPO 4.1.3", "--type", "major"])
    let shownNC = try #require(try json(box.ok(["nc", "show", nc, "--format", "json"])) as? [String: Any])
    #expect(shownNC["criterion"] as? String == "SPO 4.1.3")
    #expect(shownNC["criterion_type"] as? String == "major")
    #expect((shownNC["corrections"] as? [[String: Any]])?.map { $0["field"] as? String } == ["criterion", "type"])
    // A major NC now makes the producer not ready.
    #expect(try box.ok(["readiness", "show", "27651", "--today", "2026-11-26"]).contains("major NC SPO 4.1.3"))
    let insight = try box.act([
      "insight", "add", "--country", "KE", "--product", "tea", "--kind", "price", "Prices fell 8%",
    ])
    .stdout.trimmingCharacters(in: .newlines)
    try box.act(["insight", "update", insight, "--text", "Auction prices fell 6% in October", "--reason", "typo"])
    #expect(
      try box.ok(["insight", "show", insight]).contains(
        "text 'Prices fell 8%' → 'Auction prices fell 6% in October' (typo)"))
    #expect(try box.ok(["search", "auction"]).contains(insight))
    try box.act(["insight", "void", insight, "--reason", "duplicate of another"])
    #expect(!(try box.ok(["insight", "list"]).contains(insight)))
    #expect(try box.ok(["insight", "list", "--voided"]).contains(insight))
    #expect(!(try box.ok(["search", "auction"]).contains(insight)))
    #expect(try box.officer(["nc", "update", nc]).status == 64)
    #expect(try box.officer(["audit", "update", audit, "--kind", "yearly"]).status == 64)
    #expect(try box.ok(["check"]).contains("ok"))
  }

  @Test func producersProductsAndOfficersAreFound() throws {
    let box = try fieldOffice()
    let byName = try box.ok(["search", "kabarole", "--format", "csv"])
    #expect(byName.contains("producer,"))
    #expect(byName.contains("[Kabarole]"))
    #expect(try box.ok(["search", "quinoa", "--format", "csv"]).contains("producer,"))
    #expect(try box.ok(["search", "odhiambo", "--format", "csv"]).contains("officer,akinyi"))
    // Renamed, the producer is found by its new name only.
    try box.act(["producer", "update", "27651", "--name", "Rwenzori Tea Union"])
    #expect(try box.ok(["search", "rwenzori", "--format", "csv"]).contains("producer,"))
    #expect(!(try box.ok(["search", "kabarole", "--format", "csv"]).contains("producer,")))
  }

  private func activities(in report: Any) -> Int? {
    ((report as? [String: Any])?["headline"] as? [String: Any])?["activities"] as? Int
  }
}

/// The number of corrections in a `show --format json`.
private func corrections(_ shown: Any) -> Int { ((shown as? [String: Any])?["corrections"] as? [Any])?.count ?? -1 }
