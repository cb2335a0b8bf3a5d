import ArgumentParser
import CaseTracker

extension PSR {
  /// `psr readiness …`
  struct ReadinessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "readiness",
      abstract: "Who is ready for their next certification audit, who is at risk, who is not, and why.",
      discussion: """
        Readiness is computed from the status history, audits, NCs and activities each time, as of --today \
        (or PSR_TODAY); nobody maintains it by hand. The rules:

        \(ReadinessRules.summary)
        """,
      subcommands: [Show.self, List.self])
  }
}

extension PSR.ReadinessCommand {
  /// `psr readiness show REF`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "A producer's readiness with every reason, open NCs, next audit due and last activity.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A FLO ID or an id prefix of at least 6 characters.") var ref: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let assessment = try global.openStore().readiness.assessment(of: ref)
      switch output.format {
      case .json: Output.data(JSONRenderer.render(assessment.fullRecord))
      case .csv: Output.csv(CSVRenderer.render([assessment.record], columns: ReadinessAssessment.fields))
      case .table:
        Output.data(TableRenderer.renderDetail(assessment.details, style: .stdout))
        if !assessment.openNCs.isEmpty {
          Output.data(
            "\n"
              + TableRenderer.render(assessment.openNCs.map(\.record), columns: NonConformity.columns, style: .stdout))
        }
      }
    }
  }

  /// `psr readiness list …`
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "One row per applicant, permitted, certified or suspended producer, worst first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Producers in this region (a network includes its sub-regions).") var region: String?
    @Option(help: "Producers in this country.") var country: String?
    @Option(
      help: ArgumentHelp("Only these readiness statuses, comma-separated.", valueName: "ready,at-risk,not-ready"))
    var status: String?
    @Option(help: "Producers in the countries this officer covers.") var officer: String?
    @OptionGroup var limit: LimitOption
    @OptionGroup var output: FormatOption

    func validate() throws {
      _ = try statuses()
    }

    func statuses() throws -> [Readiness] {
      guard let status else { return [] }
      return try status.split(separator: ",").map {
        let text = $0.trimmingScalars(isSpace)
        guard let value = Readiness(rawValue: text) else {
          throw ValidationError("--status: '\(text)' is not a readiness status; use ready, at-risk or not-ready")
        }
        return value
      }
    }

    func run() throws {
      let assessments = try global.openStore().readiness.list(
        region: region, country: country, officer: officer, readiness: try statuses(), limit: limit.limit)
      if output.format == .json {
        Output.data(JSONRenderer.render(assessments.map(\.fullRecord)))
        return
      }
      Output.list(
        assessments.map(\.record), format: output.format, columns: ReadinessAssessment.columns,
        fields: ReadinessAssessment.fields, noun: "producers", quiet: global.quiet)
    }
  }
}
