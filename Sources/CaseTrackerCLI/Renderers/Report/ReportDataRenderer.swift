import CaseTracker

/// The report as data: one JSON structure (documented in README.md) and long, tidy CSV
/// (`section,group,metric,value`, one fact a row). Both are a contract.
enum ReportDataRenderer {
  static func record(_ report: RegionReport) -> Record {
    let h = report.headline
    let c = report.cases
    func counts(_ values: [String: Int], _ keys: [String]) -> Field {
      .object(Record(keys.map { ($0, .int(values[$0] ?? 0)) }))
    }
    let types = CaseType.allCases.map(\.rawValue)
    return Record([
      (
        "region",
        .object(
          Record([
            ("code", .text(report.region.code)), ("name", .text(report.region.name)),
            ("parent", Field(report.region.parent)),
            (
              "countries",
              .records(report.countries.map { Record([("code", .text($0.code)), ("name", .text($0.name))]) })
            ),
          ]))
      ),
      (
        "period",
        .object(
          Record([
            ("label", .text(report.period.label)), ("from", .text(report.period.from)), ("to", .text(report.period.to)),
            ("as_of", .text(report.period.asOf)), ("in_progress", .bool(report.period.inProgress)),
            ("title", .text(report.period.title)),
          ]))
      ),
      (
        "headline",
        .object(
          Record([
            ("producers_covered", .int(h.producersCovered)), ("activities", .int(h.activities)),
            ("field_visits", .int(h.fieldVisits)), ("trainings", .int(h.trainings)),
            ("activities_by_kind", counts(h.activitiesByKind, ActivityKind.allCases.map(\.rawValue))),
            (
              "participants",
              .object(
                Record([
                  ("women", .int(h.women)), ("men", .int(h.men)), ("other", .int(h.other)),
                  ("total", .int(h.participants)),
                ]))
            ),
            ("new_certifications", .int(h.newCertifications)), ("cases_opened", .int(h.casesOpened)),
            ("cases_closed", .int(h.casesClosed)),
          ]))
      ),
      (
        "coverage",
        .object(
          Record([
            (
              "officers",
              .records(
                report.coverage.officers.map {
                  Record([
                    ("handle", .text($0.handle)), ("name", .text($0.name)), ("base_country", .text($0.baseCountry)),
                    ("countries", Field($0.countries)),
                  ])
                })
            ),
            (
              "gaps",
              .records(
                report.coverage.gaps.map {
                  Record([("country", .text($0.country)), ("name", .text($0.name)), ("producers", .int($0.producers))])
                })
            ),
          ]))
      ),
      (
        "cases",
        .object(
          Record([
            ("opened_by_type", counts(c.openedByType, types)), ("closed_by_type", counts(c.closedByType, types)),
            ("open_at_end", .int(c.openAtEnd)),
            ("open_at_end_by_status", counts(c.openAtEndByStatus, ["open", "active", "waiting"])),
            (
              "days_to_close",
              .records(
                c.closeTimes.map {
                  Record([
                    ("type", .text($0.type)), ("cases", .int($0.cases)), ("median", Field($0.median)),
                    ("p90", Field($0.p90)),
                  ])
                })
            ),
            ("aging", counts(c.aging, RegionReport.agingBuckets)), ("overdue_at_end", .int(c.overdueAtEnd)),
            (
              "oldest_overdue",
              .records(
                c.oldestOverdue.map {
                  Record([
                    ("id", .text($0.id)), ("title", .text($0.title)), ("type", .text($0.type)),
                    ("officer", Field($0.officer)), ("producer", Field($0.producer)), ("country", .text($0.country)),
                    ("opened_on", .text($0.openedOn)), ("due_date", .text($0.dueDate)),
                    ("days_overdue", .int($0.daysOverdue)),
                  ])
                })
            ),
          ]))
      ),
      ("by_country", .records(report.byCountry.map { breakdown($0, key: "country") })),
      ("by_officer", .records(report.byOfficer.map { breakdown($0, key: "officer") })),
      (
        "readiness",
        .object(
          Record([
            ("counts", counts(report.readiness.counts, Readiness.allCases.map(\.rawValue))),
            (
              "ncs_by_type",
              .records(
                report.readiness.ncs.map {
                  Record([("type", .text($0.type)), ("open", .int($0.open)), ("overdue", .int($0.overdue))])
                })
            ),
            ("renewals_due_90_days", .int(report.readiness.renewalsDue.count)),
            (
              "renewals_due",
              .records(
                report.readiness.renewalsDue.map {
                  Record([
                    ("producer_id", .text($0.producerID)), ("producer_name", .text($0.producerName)),
                    ("country", .text($0.country)), ("renewal_due", Field($0.renewalDue)),
                    ("readiness", .text($0.readiness.rawValue)),
                  ])
                })
            ),
          ]))
      ),
      ("training_priorities", trainingPriorities(report)),
      ("certification_outcomes", outcomes(report.certificationOutcomes)),
      ("insights", .records(report.insights.map(\.record))),
      ("insight_counts", insightCounts(report)),
      (
        "activities_by_month",
        .records(report.activitiesByMonth.map { Record([("month", .text($0.month)), ("activities", .int($0.count))]) })
      ),
    ])
  }

  private static func breakdown(_ row: RegionReport.Breakdown, key: String) -> Record {
    Record([
      (key, Field(row.key)), ("name", .text(row.name)), ("cases_opened", .int(row.casesOpened)),
      ("cases_closed", .int(row.casesClosed)), ("cases_open", .int(row.casesOpen)),
      ("cases_overdue", .int(row.casesOverdue)), ("activities", .int(row.activities)),
      ("producers_covered", .int(row.producersCovered)),
    ])
  }

  /// `section,group,metric,value`, one fact a row.
  static func csv(_ report: RegionReport) -> String {
    var rows: [[String]] = []
    func fact(_ section: String, _ group: String, _ metric: String, _ value: String) {
      rows.append([section, group, metric, value])
    }
    let h = report.headline
    fact("region", "", "code", report.region.code)
    fact("region", "", "name", report.region.name)
    fact("period", "", "label", report.period.label)
    fact("period", "", "from", report.period.from)
    fact("period", "", "to", report.period.to)
    fact("period", "", "as_of", report.period.asOf)
    fact("period", "", "in_progress", report.period.inProgress ? "true" : "false")
    for (metric, value) in [
      ("producers_covered", h.producersCovered), ("activities", h.activities), ("field_visits", h.fieldVisits),
      ("trainings", h.trainings), ("participants_women", h.women), ("participants_men", h.men),
      ("participants_other", h.other), ("participants_total", h.participants),
      ("new_certifications", h.newCertifications), ("cases_opened", h.casesOpened), ("cases_closed", h.casesClosed),
    ] {
      fact("headline", "", metric, String(value))
    }
    for kind in ActivityKind.allCases {
      fact("headline", "activities_by_kind", kind.rawValue, String(h.activitiesByKind[kind.rawValue] ?? 0))
    }
    fact("coverage", "", "officers", String(report.coverage.officers.count))
    for gap in report.coverage.gaps { fact("coverage", "gap", gap.country, String(gap.producers)) }
    let c = report.cases
    for type in CaseType.allCases.map(\.rawValue) {
      fact("cases", type, "opened", String(c.openedByType[type] ?? 0))
      fact("cases", type, "closed", String(c.closedByType[type] ?? 0))
      let time = c.closeTimes.first { $0.type == type }
      fact("cases", type, "median_days_to_close", time?.median.map { ReportDocument.amount($0) } ?? "")
      fact("cases", type, "p90_days_to_close", time?.p90.map(String.init) ?? "")
    }
    fact("cases", "", "open_at_end", String(c.openAtEnd))
    for status in ["open", "active", "waiting"] {
      fact("cases", "open_at_end", status, String(c.openAtEndByStatus[status] ?? 0))
    }
    for bucket in RegionReport.agingBuckets { fact("cases", "aging", bucket, String(c.aging[bucket] ?? 0)) }
    fact("cases", "", "overdue_at_end", String(c.overdueAtEnd))
    for (section, rowsOf) in [("by_country", report.byCountry), ("by_officer", report.byOfficer)] {
      for row in rowsOf {
        // No handle has parentheses, so "(unassigned)" cannot be an officer's.
        let group = row.key ?? "(unassigned)"
        for (metric, value) in [
          ("cases_opened", row.casesOpened), ("cases_closed", row.casesClosed), ("cases_open", row.casesOpen),
          ("cases_overdue", row.casesOverdue), ("activities", row.activities),
          ("producers_covered", row.producersCovered),
        ] {
          fact(section, group, metric, String(value))
        }
      }
    }
    for readiness in Readiness.allCases {
      fact("readiness", "producers", readiness.rawValue, String(report.readiness.counts[readiness.rawValue] ?? 0))
    }
    for nc in report.readiness.ncs {
      fact("readiness", "ncs_open", nc.type, String(nc.open))
      fact("readiness", "ncs_overdue", nc.type, String(nc.overdue))
    }
    fact("readiness", "", "renewals_due_90_days", String(report.readiness.renewalsDue.count))
    trainingPriorityFacts(report, fact)
    outcomeFacts(report.certificationOutcomes, section: "certification_outcomes", fact)
    fact("insights", "", "count", String(report.insights.count))
    rows += insightCountRows(report)
    for month in report.activitiesByMonth {
      fact("activities_by_month", month.month, "activities", String(month.count))
    }
    return CSVRenderer.line(["section", "group", "metric", "value"]) + rows.map(CSVRenderer.line).joined()
  }
}
