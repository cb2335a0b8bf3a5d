import Foundation
import Testing

/// Producers in every state the readiness rules distinguish, assessed on 2026-11-26.
private func readinessOffice() throws -> Sandbox {
  let box = try Sandbox()
  try box.initialize()
  try box.ok([
    "officer", "add", "akinyi", "--name", "Akinyi", "--email", "a@example.org", "--base", "KE", "--covers", "KE,UG",
  ])
  let csv = """
    name,country,type,flo_id,status,status_since
    Ready Coop,KE,spo,101,certified,2024-03-15
    Deadline In 30,KE,spo,102,certified,2024-03-15
    Deadline In 31,KE,spo,103,certified,2024-03-15
    Renewal In 90,KE,spo,104,certified,2024-02-24
    Renewal In 91,KE,spo,105,certified,2024-02-25
    Suspension 60 Left,UG,spo,106,suspended,2026-07-25
    Suspension 59 Left,UG,spo,107,suspended,2026-07-24
    Decertified Coop,UG,spo,108,decertified,2026-01-10
    Major NC Coop,UG,hlo,109,certified,2024-03-15
    Late NC Coop,UG,hlo,110,certified,2024-03-15
    Prospect Coop,KE,spo,,prospect,
    """
  // The activity clock runs from registration: these two were registered in January 2025.
  let early = """
    name,country,type,flo_id,status,status_since
    Visited A Year Ago,KE,cp,111,applicant,2025-01-01
    Not Visited For A Year,KE,cp,112,applicant,2025-01-01
    """
  try box.act(["producer", "import", try box.file("early.csv", early)], today: "2025-01-15")
  try box.act(["producer", "import", try box.file("readiness.csv", csv)])
  for flo in ["101", "102", "103", "104", "105", "109", "110"] {
    try box.act([
      "visit", "log", "--kind", "field-visit", "--date", "2026-11-01", "--producer", flo, "--summary", "check",
    ])
  }
  try box.act(["visit", "log", "--kind", "remote", "--date", "2025-11-26", "--producer", "111", "--summary", "call"])
  try box.act(["visit", "log", "--kind", "remote", "--date", "2025-11-25", "--producer", "112", "--summary", "call"])
  let ncs: [(String, String, String)] = [
    ("102", "core", "2026-12-26"), ("103", "core", "2026-12-27"), ("104", "development", "2027-06-01"),
    ("105", "development", "2027-06-01"), ("109", "major", "2027-06-01"), ("110", "core", "2026-11-25"),
  ]
  for (flo, type, deadline) in ncs {
    try box.act([
      "nc", "add", "--producer", flo, "--criterion", "SPO 1.\(flo)", "--type", type, "--deadline", deadline,
      "--description", "finding",
    ])
  }
  return box
}

@Suite struct ReadinessCommandTests {
  @Test func everyRuleAndBoundary() throws {
    let box = try readinessOffice()
    func assess(_ flo: String) throws -> (String, [String]) {
      let shown = try #require(
        try json(box.ok(["readiness", "show", flo, "--format", "json", "--today", "2026-11-26"])) as? [String: Any])
      let reasons = (shown["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
      return (shown["readiness"] as? String ?? "?", reasons)
    }
    #expect(try assess("101") == ("ready", []))
    #expect(try assess("102") == ("at-risk", ["nc-deadline-near"]))
    #expect(try assess("103") == ("ready", []))
    #expect(try assess("104") == ("at-risk", ["renewal-due-with-open-nc"]))
    #expect(try assess("105") == ("ready", []))
    #expect(try assess("106") == ("at-risk", ["suspended"]))
    #expect(try assess("107") == ("not-ready", ["suspension-ending"]))
    #expect(try assess("108") == ("not-ready", ["decertified"]))
    #expect(try assess("109") == ("not-ready", ["major-nc"]))
    #expect(try assess("110") == ("not-ready", ["nc-overdue"]))
    #expect(try assess("111") == ("ready", []))
    #expect(try assess("112") == ("at-risk", ["no-recent-activity"]))

    let shown = try #require(
      try json(box.ok(["readiness", "show", "107", "--format", "json", "--today", "2026-11-26"])) as? [String: Any])
    #expect(shown["suspension_lift_by"] as? String == "2027-01-24")
    let reason = try #require((shown["reasons"] as? [[String: Any]])?.first?["text"] as? String)
    #expect(reason == "suspended since 2026-07-24 until 2027-01-24: 59 days left, under 60")
    let renewal = try #require(
      try json(box.ok(["readiness", "show", "104", "--format", "json", "--today", "2026-11-26"])) as? [String: Any])
    #expect(renewal["renewal_due"] as? String == "2027-02-24")
    #expect(
      ((renewal["reasons"] as? [[String: Any]])?.first?["text"] as? String)?.contains(
        "due 2027-02-24, in 90 days, with 1 NC open") == true)
  }

  @Test func listIsWorstFirstAndFilters() throws {
    let box = try readinessOffice()
    let rows = try #require(
      try json(box.ok(["readiness", "list", "--format", "json", "--today", "2026-11-26"])) as? [[String: Any]])
    let order = rows.compactMap { $0["readiness"] as? String }
    #expect(
      order
        == order.sorted {
          ["not-ready": 0, "at-risk": 1, "ready": 2][$0]! < ["not-ready": 0, "at-risk": 1, "ready": 2][$1]!
        })
    let names = rows.compactMap { $0["producer_name"] as? String }
    #expect(!names.contains("Decertified Coop") && !names.contains("Prospect Coop"))
    #expect(names.count == 11)
    let notReady = try box.ok([
      "readiness", "list", "--status", "not-ready", "--format", "csv", "--today", "2026-11-26",
    ])
    let lines = notReady.split(separator: "\r\n")
    #expect(lines.count == 4)
    #expect(
      lines[0]
        == "producer_id,producer_name,flo_id,country,status,status_since,readiness,reasons,open_ncs,cycle_start,renewal_due,suspension_lift_by,last_activity,registered_on,assessed_on"
    )
    #expect(notReady.contains("major NC open: SPO 1.109"))
    let atRiskOrNot = try #require(
      try json(
        box.ok([
          "readiness", "list", "--status", "at-risk,not-ready", "--country", "KE", "--format", "json", "--today",
          "2026-11-26",
        ])) as? [[String: Any]])
    #expect(
      atRiskOrNot.compactMap { $0["producer_name"] as? String } == [
        "Deadline In 30", "Not Visited For A Year", "Renewal In 90",
      ])
    let byOfficer = try box.ok(["readiness", "list", "--officer", "akinyi", "--format", "csv", "--today", "2026-11-26"])
    #expect(byOfficer.split(separator: "\r\n").count == 12)
    #expect(try box.run(["readiness", "list", "--status", "fine"]).status == 64)
    let table = try box.ok(["readiness", "list", "--today", "2026-11-26"])
    #expect(table.hasPrefix("READINESS"))
  }

  @Test func correctingAnNCChangesReadinessAtOnce() throws {
    let box = try readinessOffice()
    let ncs = try #require(
      try json(box.ok(["nc", "list", "--producer", "109", "--format", "json"])) as? [[String: Any]])
    let id = try #require(ncs.first?["id"] as? String)
    let before = try #require(
      try json(box.ok(["readiness", "show", "109", "--format", "json", "--today", "2026-11-26"])) as? [String: Any])
    #expect(before["readiness"] as? String == "not-ready")
    let corrected = try box.officer([
      "nc", "correct", String(id.prefix(8)), "--on", "2026-11-26", "--evidence", "Policy adopted by the board",
    ])
    #expect(corrected.status == 0)
    let after = try #require(
      try json(box.ok(["readiness", "show", "109", "--format", "json", "--today", "2026-11-26"])) as? [String: Any])
    #expect(after["readiness"] as? String == "ready")
    #expect((after["open_ncs"] as? [Any])?.isEmpty == true)
    #expect(
      try box.officer(["nc", "correct", String(id.prefix(8)), "--on", "2026-11-26", "--evidence", "again"]).status == 65
    )
    let overdue = try box.ok(["nc", "list", "--overdue", "--format", "csv", "--today", "2026-11-26"])
    #expect(overdue.split(separator: "\r\n").count == 2)
    #expect(overdue.contains("SPO 1.110"))
  }

  @Test func readinessHelpPrintsTheRules() throws {
    let box = try Sandbox()
    let raw = try box.run(["readiness", "--help"], useDB: false)
    let help = Run(
      stdout: raw.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " "), stderr: raw.stderr,
      status: raw.status)
    #expect(help.stdout.contains("under 60 days of its 6 months left"))
    #expect(help.stdout.contains("within 30 days"))
    #expect(help.stdout.contains("within 90 days"))
    #expect(help.stdout.contains("last 12 months"))
    #expect(help.stdout.contains("more than 3 years since the producer was certified or last renewed"))
    #expect(help.stdout.contains("60 days or more of its 6 months left"))
    #expect(help.stdout.contains("a reinstatement (suspended → certified) does not restart it"))
    #expect(help.stdout.contains("the day it was registered in psr"))
    #expect(help.stdout.contains("refused while the producer has an open NC on a major criterion"))
  }
}

@Suite struct CertificationCommandTests {
  @Test func statusMachineAllowsAndRefusesAndKeepsHistory() throws {
    let box = try fieldOffice()
    try box.act(
      ["producer", "add", "--name", "New Coop", "--country", "KE", "--type", "spo", "--flo-id", "9001"],
      today: "2026-01-01")
    let refused = try box.officer(["producer", "status", "9001", "certified", "--on", "2026-02-01"])
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "psr: New Coop cannot move from prospect to certified; from prospect it can move to applicant, withdrawn\n")
    try box.act(["producer", "status", "9001", "applicant", "--on", "2026-02-01", "--note", "Application received"])
    let permitted = try box.officer(["producer", "status", "9001", "permitted", "--on", "2026-04-01"])
    #expect(permitted.status == 0)
    #expect(permitted.stderr.contains("warning: no initial audit of New Coop is on record"))
    try box.act(["producer", "status", "9001", "certified", "--on", "2026-06-01"])
    try box.act([
      "producer", "status", "9001", "suspended", "--on", "2026-09-01", "--note", "Major NC at unannounced audit",
    ])
    #expect(try box.officer(["producer", "status", "9001", "applicant", "--on", "2026-10-01"]).status == 65)
    #expect(try box.officer(["producer", "status", "9001", "certified", "--on", "2026-08-01"]).status == 65)
    #expect(try box.officer(["producer", "status", "9001", "certified", "--on", "2026-12-01"]).status == 65)
    let shown = try #require(
      try json(box.ok(["producer", "show", "9001", "--format", "json", "--today", "2026-11-26"])) as? [String: Any])
    #expect(shown["status"] as? String == "suspended")
    #expect(shown["status_since"] as? String == "2026-09-01")
    #expect(shown["suspension_lift_by"] as? String == "2027-03-01")
    #expect(shown["renewal_due"] as? String == "2029-06-01")
    let history = try #require(shown["status_history"] as? [[String: Any]])
    #expect(
      history.map { "\($0["from"] as? String ?? "-")>\($0["to"] as? String ?? "?")@\($0["on"] as? String ?? "?")" } == [
        "->prospect@2026-01-01", "prospect>applicant@2026-02-01", "applicant>permitted@2026-04-01",
        "permitted>certified@2026-06-01", "certified>suspended@2026-09-01",
      ])
    #expect(history[1]["note"] as? String == "Application received")
    #expect(history[1]["actor"] as? String == "akinyi")
    try box.act(["producer", "status", "9001", "decertified", "--on", "2026-11-20"])
    let final = try box.officer(["producer", "status", "9001", "certified", "--on", "2026-11-21"])
    #expect(final.stderr.contains("from decertified it can move to withdrawn"))
    try box.act(["producer", "status", "9001", "withdrawn", "--on", "2026-11-21"])
    let withdrawn = try box.officer(["producer", "status", "9001", "applicant", "--on", "2026-11-22"])
    #expect(withdrawn.status == 65)
    #expect(withdrawn.stderr.contains("withdrawn is final: no change is allowed"))
    let table = try box.ok(["producer", "show", "9001"])
    #expect(table.contains("Major NC at unannounced audit"))
  }

  @Test func auditsNCsAndCaseLinks() throws {
    let box = try fieldOffice()
    let audit = try box.act([
      "audit", "record", "--producer", "27651", "--kind", "initial", "--date", "2026-10-14", "--result",
      "Two NCs, none major",
    ]).stdout.trimmingCharacters(in: .newlines)
    #expect(audit.count == 8)
    #expect(
      try box.officer(["audit", "record", "--producer", "27651", "--kind", "initial", "--date", "2026-12-01"]).status
        == 65)
    #expect(
      try box.officer(["audit", "record", "--producer", "27651", "--kind", "surprise", "--date", "2026-10-01"]).status
        == 64)
    let nc = try box.act([
      "nc", "add", "--producer", "27651", "--audit", audit, "--criterion", "SPO 4.1.2", "--type", "core",
      "--deadline", "2027-01-15", "--description", "No written pesticide list", "--measure", "Draft the list",
    ]).stdout.trimmingCharacters(in: .newlines)
    let otherProducer = try box.officer([
      "nc", "add", "--producer", "1503", "--audit", audit, "--criterion", "X", "--type", "core", "--deadline",
      "2027-01-15",
      "--description", "x",
    ])
    #expect(otherProducer.status == 65)
    #expect(otherProducer.stderr.contains("give an audit of the same producer"))
    let caseID = try box.openCase([
      "--type", "certification", "--title", "Close the NCs", "--producer", "27651", "--nc", nc,
    ])
    let wrongCase = try box.officer([
      "case", "open", "--type", "certification", "--title", "x", "--producer", "1503", "--nc", nc,
    ])
    #expect(wrongCase.status == 65)
    let shown = try box.caseJSON(caseID)
    let linked = try #require(shown["non_conformities"] as? [[String: Any]])
    #expect(linked.map { $0["criterion"] as? String } == ["SPO 4.1.2"])
    #expect(linked.first?["status"] as? String == "open")
    let nc2 = try box.act([
      "nc", "add", "--producer", "27651", "--criterion", "SPO 2.2", "--type", "development", "--deadline", "2027-03-01",
      "--description", "Training plan missing",
    ]).stdout.trimmingCharacters(in: .newlines)
    try box.act(["case", "update", caseID, "--nc", nc2])
    let early = try box.officer(["nc", "correct", nc, "--on", "2026-11-25", "--evidence", "Before it was found"])
    #expect(early.status == 65)
    #expect(early.stderr.contains("cannot be corrected earlier"))
    try box.act(["nc", "correct", nc, "--on", "2026-11-26", "--evidence", "List posted in the store"])
    let after = try #require(try box.caseJSON(caseID)["non_conformities"] as? [[String: Any]])
    #expect(after.map { $0["status"] as? String } == ["corrected", "open"])
    #expect(try box.ok(["case", "show", caseID]).contains("NC linked: SPO 2.2"))
    let audits = try #require(
      try json(box.ok(["audit", "list", "--region", "AME", "--format", "json"])) as? [[String: Any]])
    #expect(audits.count == 1)
    #expect(try box.ok(["nc", "list", "--open", "--format", "csv"]).split(separator: "\r\n").count == 2)
    #expect(try box.ok(["nc", "list", "--producer", "27651", "--format", "csv"]).split(separator: "\r\n").count == 3)
  }
}
