import SQLite

extension DemoGenerator {
  /// An initial audit before each Permission to Trade and a renewal audit before each renewal, with NCs:
  /// most corrected, some open near or past their deadline, a major one for each suspended producer
  /// (corrected for about a third, awaiting reinstatement).
  mutating func makeAudits(producers: [DemoProducer]) throws {
    let insertAudit = try db.cachedStatement(
      """
      INSERT INTO audits (id, producer_id, date, kind, result, note, created_at, created_by)
      VALUES (?, ?, ?, ?, ?, NULL, ?, 'demo')
      """)
    let insertNC = try db.cachedStatement(
      """
      INSERT INTO non_conformities (id, producer_id, audit_id, criterion, criterion_type, description, measure,
        deadline, status, corrected_on, evidence, created_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo')
      """)
    for producer in producers {
      var previous: CertificationStatus?
      for (status, day) in producer.history {
        let kind: AuditKind?
        switch (previous, status) {
        case (.applicant, .permitted): kind = .initial
        case (.certified, .certified): kind = .renewal
        case (.certified, .suspended): kind = .unannounced
        default: kind = nil
        }
        previous = status
        guard let kind else { continue }
        let auditDay = max(0, day - random.int(10...40))
        let auditID = random.uuid()
        let findings = random.weighted([(0, 45.0), (1, 30), (2, 17), (3, 8)]) + (kind == .unannounced ? 1 : 0)
        try insertAudit.execute([
          auditID, producer.id, days[auditDay], kind, findings == 0 ? "No non-conformity" : "\(findings) NC(s)",
          instant(auditDay),
        ])
        summary.audits += 1
        for finding in 0..<findings {
          let type: CriterionType =
            kind == .unannounced && finding == 0
            ? .major : random.weighted([(CriterionType.core, 50.0), (.development, 30), (.voluntary, 12), (.major, 8)])
          let deadline = auditDay + random.int(60...200)
          // Findings of the current cycle may still be open; older ones were corrected.
          let recent = todayIndex - auditDay < 240
          // The suspension's major finding is open, unless (for about a third) corrected already and
          // awaiting reinstatement.
          let open =
            producer.status == .suspended && kind == .unannounced && !random.chance(0.35)
            || (recent && random.chance(0.5))
          let corrected = open ? nil : min(todayIndex, auditDay + random.int(20...(deadline - auditDay)))
          try insertNC.execute([
            random.uuid(), producer.id, auditID, random.pick(DemoData.criteria), type,
            random.pick(DemoData.ncDescriptions),
            "Corrective plan agreed with the board.", date(deadline),
            open ? "open" : "corrected", corrected.map { days[$0] }, open ? nil : "Verified on a follow-up visit.",
            instant(auditDay),
          ])
          summary.ncs += 1
        }
      }
    }
  }

  /// About one insight per fifteen cases, by officers about their countries.
  mutating func makeInsights(officers: [String: [DemoOfficer]]) throws {
    let insert = try db.cachedStatement(
      """
      INSERT INTO insights (id, date, officer, country, product, kind, text, created_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let countries = officers.keys.sorted()
    for _ in 0..<max(1, caseCount / 15) {
      let country = random.pick(countries)
      guard let officer = officers[country]?.randomElement(using: &random)?.handle else { continue }
      let kind = random.pick(InsightKind.allCases)
      let product = random.pick(DemoData.products[country] ?? ["coffee"])
      let text = fill(random.pick(DemoData.insights[kind.rawValue] ?? ["Note."]), product)
      let day = todayIndex - random.int(0...(3 * 365))
      let at = instant(day)
      try insert.execute([random.uuid(), days[day], officer, country, product, kind, text, at, officer])
      summary.insights += 1
    }
  }
}
