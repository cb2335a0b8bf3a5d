import CaseTracker

extension ReportDataRenderer {
  /// One group's figures in the report's JSON.
  static func outcomeRecord(_ f: RegionReport.OutcomeFigures) -> Record {
    func each(_ keys: [String], _ value: (String) -> Field) -> Field { .object(Record(keys.map { ($0, value($0)) })) }
    let kinds = AuditKind.allCases.map(\.rawValue)
    let types = CriterionType.allCases.map(\.rawValue)
    return Record([
      ("audits", .int(f.audits)), ("audits_by_kind", each(kinds) { .int(f.auditsByKind[$0] ?? 0) }),
      ("ncs", .int(f.ncs)), ("ncs_by_type", each(types) { .int(f.ncsByType[$0] ?? 0) }),
      ("ncs_per_audit", fraction(f.ncsPerAudit)),
      ("ncs_per_audit_by_type", each(types) { fraction(f.ncsPerAudit($0)) }),
      ("audits_with_major_nc", .int(f.auditsWithMajorNC)), ("share_with_major_nc", fraction(f.shareWithMajorNC)),
      ("ncs_due", .int(f.ncsDue)), ("ncs_corrected_by_deadline", .int(f.ncsCorrectedByDeadline)),
      ("share_corrected_by_deadline", fraction(f.shareCorrectedByDeadline)),
      ("producers_suspended", .int(f.suspended)), ("producers_decertified", .int(f.decertified)),
    ])
  }

  /// The `certification_outcomes` object: `all`, `advised`, `not_advised`.
  static func outcomes(_ o: RegionReport.CertificationOutcomes) -> Field {
    .object(
      Record([
        ("all", .object(outcomeRecord(o.all))), ("advised", .object(outcomeRecord(o.advised))),
        ("not_advised", .object(outcomeRecord(o.notAdvised))),
      ]))
  }

  /// The groups' figures as long facts: `section`, group (`all`, `advised`, `not_advised`), metric, value.
  static func outcomeFacts(
    _ o: RegionReport.CertificationOutcomes, section: String, _ fact: (String, String, String, String) -> Void
  ) {
    for (group, figures) in [("all", o.all), ("advised", o.advised), ("not_advised", o.notAdvised)] {
      for field in outcomeRecord(figures).fields {
        switch field.value {
        case .object(let inner):
          for item in inner.fields { fact(section, group, "\(field.name).\(item.name)", item.value.plain) }
        default: fact(section, group, field.name, field.value.plain)
        }
      }
    }
  }

  /// `psr report outcomes --format json`.
  static func outcomesByYear(
    _ region: Region, _ years: [(period: ReportPeriod, outcomes: RegionReport.CertificationOutcomes)]
  ) -> Record {
    Record([
      ("region", .object(Record([("code", .text(region.code)), ("name", .text(region.name))]))),
      (
        "years",
        .records(
          years.map { year in
            var fields: [(String, Field)] = [
              ("year", .text(year.period.label)), ("from", .text(year.period.from)), ("to", .text(year.period.to)),
              ("as_of", .text(year.period.asOf)), ("in_progress", .bool(year.period.inProgress)),
            ]
            if case .object(let groups) = outcomes(year.outcomes) {
              fields += groups.fields.map { ($0.name, $0.value) }
            }
            return Record(fields)
          })
      ),
    ])
  }

  /// `psr report outcomes --format csv`: `year,group,metric,value`.
  static func outcomesByYearCSV(_ years: [(period: ReportPeriod, outcomes: RegionReport.CertificationOutcomes)])
    -> String
  {
    var rows: [[String]] = []
    for year in years {
      outcomeFacts(year.outcomes, section: year.period.label) { rows.append([$0, $1, $2, $3]) }
    }
    return CSVRenderer.line(["year", "group", "metric", "value"]) + rows.map(CSVRenderer.line).joined()
  }
}
