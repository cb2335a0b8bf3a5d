import Foundation
import Testing

/// The readiness rules of DESIGN.md at their boundary days, through the binary, on 2026-12-02.
private let today = "2026-12-02"

extension Sandbox {
  /// Runs as akinyi on `day` (2026-12-02 unless given) and expects success.
  @discardableResult
  fileprivate func on(_ arguments: [String], day: String = today, sourceLocation: SourceLocation = #_sourceLocation)
    throws
    -> String
  {
    try act(arguments, today: day, sourceLocation: sourceLocation).stdout
  }

  fileprivate func assessment(_ flo: String, day: String = today) throws -> [String: Any] {
    try #require(try json(on(["readiness", "show", flo, "--format", "json"], day: day)) as? [String: Any])
  }

  fileprivate func assess(_ flo: String, day: String = today) throws -> (String, [String]) {
    let shown = try assessment(flo, day: day)
    let reasons = (shown["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    return (shown["readiness"] as? String ?? "?", reasons)
  }

  fileprivate func reasonText(_ flo: String) throws -> String {
    let reasons = try assessment(flo)["reasons"] as? [[String: Any]] ?? []
    return reasons.compactMap { $0["text"] as? String }.joined(separator: " | ")
  }

  fileprivate func addNC(_ flo: String, type: String, deadline: String, day: String = today) throws -> String {
    try on(
      [
        "nc", "add", "--producer", flo, "--criterion", "SPO \(flo)", "--type", type, "--deadline", deadline,
        "--description", "finding",
      ], day: day
    ).trimmingCharacters(in: .newlines)
  }
}

/// An office whose producers were all registered today, 2026-12-02, with one officer.
private func office(_ csv: String, registeredOn day: String = today) throws -> Sandbox {
  let box = try Sandbox()
  try box.initialize()
  try box.on(
    ["officer", "add", "akinyi", "--name", "Akinyi", "--email", "a@example.org", "--base", "KE", "--covers", "KE,UG"],
    day: day)
  try box.on(
    ["producer", "import", try box.file("producers.csv", "name,country,type,flo_id,status,status_since\n" + csv)],
    day: day)
  return box
}

@Suite struct ReadinessBoundaryTests {
  @Test func renewalDueTodayYesterdayAndIn90And91Days() throws {
    let box = try office(
      """
      Due Today,KE,spo,201,certified,2023-12-02
      Due Yesterday,KE,spo,202,certified,2023-12-01
      Due Today With NC,KE,spo,203,certified,2023-12-02
      Due In 90 With NC,KE,spo,204,certified,2024-03-02
      Due In 91 With NC,KE,spo,205,certified,2024-03-03
      Certified 2022,KE,spo,206,certified,2022-02-14
      """)
    for flo in ["203", "204", "205"] { _ = try box.addNC(flo, type: "development", deadline: "2027-06-30") }
    #expect(try box.assess("201") == ("ready", []))
    #expect(try box.assessment("201")["renewal_due"] as? String == "2026-12-02")
    #expect(try box.assess("202") == ("not-ready", ["renewal-overdue"]))
    #expect(
      try box.reasonText("202")
        == "the renewal audit is overdue since 2026-12-01 (1 day): 3 years after the cycle began on 2023-12-01, with no renewal since"
    )
    #expect(try box.assess("203") == ("at-risk", ["renewal-due-with-open-nc"]))
    #expect(try box.reasonText("203").contains("due 2026-12-02, today, with 1 NC open"))
    #expect(try box.assess("204") == ("at-risk", ["renewal-due-with-open-nc"]))
    #expect(try box.reasonText("204").contains("due 2027-03-02, in 90 days"))
    #expect(try box.assess("205") == ("ready", []))
    // The producer: certified 2022-02-14, its renewal due 2025-02-14, 22 months ago.
    #expect(try box.assess("206") == ("not-ready", ["renewal-overdue"]))
    let table = try box.on(["readiness", "show", "206"])
    #expect(table.contains("2025-02-14 (renewal, overdue since 2025-02-14 (656 days)); the cycle began on 2022-02-14"))
    #expect(!table.contains("-656"))
  }

  @Test func suspensionWith60And59DaysLeftAndPastSixMonths() throws {
    let box = try office(
      """
      Sixty Left,UG,spo,301,suspended,2026-07-31
      Fifty Nine Left,UG,spo,302,suspended,2026-07-30
      Past Six Months,UG,spo,303,suspended,2026-05-01
      Suspended Lately,UG,spo,304,suspended,2026-11-01
      """)
    #expect(try box.assess("301") == ("at-risk", ["suspended"]))
    #expect(try box.reasonText("301") == "suspended since 2026-07-31 until 2027-01-31: 60 days left")
    #expect(try box.assess("302") == ("not-ready", ["suspension-ending"]))
    #expect(try box.reasonText("302") == "suspended since 2026-07-30 until 2027-01-30: 59 days left, under 60")
    #expect(try box.assess("303") == ("not-ready", ["suspension-expired"]))
    #expect(try box.reasonText("303").contains("its 6 months ended on 2026-11-01, 31 days ago"))
    let list = try box.on(["readiness", "list", "--format", "csv"])
    #expect(list.contains("suspended until 2027-05-01"))
    #expect(try box.assess("304") == ("at-risk", ["suspended"]))
  }

  @Test func reinstatementKeepsTheCycleAndARenewalRestartsIt() throws {
    let box = try office("Cycle Coop,KE,spo,401,certified,2026-06-01\n")
    #expect(try box.assessment("401")["renewal_due"] as? String == "2029-06-01")
    try box.on(["producer", "status", "401", "suspended", "--on", "2026-12-02"])
    try box.on(["producer", "status", "401", "certified", "--on", "2026-12-02", "--note", "reinstated"])
    let reinstated = try box.assessment("401")
    #expect(reinstated["renewal_due"] as? String == "2029-06-01")
    #expect(reinstated["cycle_start"] as? String == "2026-06-01")
    let shown = try #require(try json(box.on(["producer", "show", "401", "--format", "json"])) as? [String: Any])
    #expect(shown["renewal_due"] as? String == "2029-06-01")
    try box.on(["producer", "status", "401", "certified", "--on", "2026-12-02", "--note", "renewal audit passed"])
    #expect(try box.assessment("401")["renewal_due"] as? String == "2029-12-02")
  }

  @Test func activityClockStartsAtRegistration() throws {
    let box = try office("Registered 11 Months Ago,KE,spo,501,certified,2020-01-15\n", registeredOn: "2026-01-02")
    try box.on(
      [
        "producer", "import",
        try box.file(
          "later.csv",
          "name,country,type,flo_id,status,status_since\nRegistered 13 Months Ago,KE,spo,502,applicant,2019-05-01\n"),
      ], day: "2025-11-02")
    try box.on([
      "producer", "import",
      try box.file(
        "today.csv", "name,country,type,flo_id,status,status_since\nImported Today,KE,spo,503,applicant,2015-01-01\n"),
    ])
    #expect(try box.assess("501").1.filter { $0 == "no-recent-activity" }.isEmpty)
    #expect(try box.assessment("501")["registered_on"] as? String == "2026-01-02")
    #expect(try box.assess("502") == ("at-risk", ["no-recent-activity"]))
    #expect(
      try box.reasonText("502")
        == "no activity with the producer recorded since it was registered in psr on 2025-11-02 (over 12 months)")
    #expect(try box.assess("503") == ("ready", []))
    // A visit 13 months ago, before nothing newer: the visit is what counts once it is the later date.
    try box.on(["visit", "log", "--kind", "remote", "--date", "2025-11-03", "--producer", "502", "--summary", "call"])
    #expect(try box.reasonText("502") == "no activity with the producer since 2025-11-03 (over 12 months)")
    try box.on(["visit", "log", "--kind", "remote", "--date", "2025-12-02", "--producer", "502", "--summary", "call"])
    #expect(try box.assess("502") == ("ready", []))
  }

  @Test func permittedRefusedWhileAMajorNCIsOpen() throws {
    let box = try office("Applicant Coop,KE,spo,601,applicant,2026-09-01\n")
    try box.on([
      "audit", "record", "--producer", "601", "--kind", "initial", "--date", "2026-11-20", "--result", "One major NC",
    ])
    let nc = try box.addNC("601", type: "major", deadline: "2027-02-28")
    _ = try box.addNC("601", type: "core", deadline: "2027-02-28")
    let refused = try box.officer(["producer", "status", "601", "permitted", "--on", "2026-12-01"], today: today)
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "psr: Applicant Coop cannot be permitted while a major NC is open: SPO 601 (\(nc.prefix(8)), deadline 2027-02-28); record the correction first with psr nc correct \(nc.prefix(8)) --on YYYY-MM-DD --evidence TEXT\n"
    )
    let unchanged = try #require(try json(box.on(["producer", "show", "601", "--format", "json"])) as? [String: Any])
    #expect(unchanged["status"] as? String == "applicant")
    #expect((unchanged["status_history"] as? [Any])?.count == 1)
    try box.on(["nc", "correct", nc, "--on", "2026-12-02", "--evidence", "Policy adopted"])
    let permitted = try box.officer(["producer", "status", "601", "permitted", "--on", "2026-12-02"], today: today)
    #expect(permitted.status == 0, "\(permitted.stderr)")
    #expect(permitted.stderr == "applicant → permitted on 2026-12-02\n")
  }

  @Test func eachReasonOnce() throws {
    let box = try office("Two Findings,KE,spo,701,certified,2023-11-01\n")
    // A major NC past its deadline is one reason, not two; two NCs on one criterion are two reasons.
    _ = try box.addNC("701", type: "major", deadline: "2026-11-30", day: "2026-11-01")
    let reasons = try box.assessment("701")["reasons"] as? [[String: Any]] ?? []
    #expect(reasons.compactMap { $0["code"] as? String } == ["major-nc", "renewal-overdue"])
    #expect((reasons.first?["text"] as? String)?.contains("past its deadline 2026-11-30 by 2 days") == true)
  }
}
