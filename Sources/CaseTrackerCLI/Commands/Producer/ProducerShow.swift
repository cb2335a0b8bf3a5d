import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer show REF`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a producer organization: its details, readiness, open cases, last visits and open NCs.",
      discussion:
        "Readiness is given for applicant, permitted, certified, suspended and decertified producers, with its reasons (psr readiness show REF gives them in full). The last \(Self.visitsShown) activities are shown, newest first (psr visit list --producer REF lists them all)."
    )

    /// How many of the producer's activities the view lists.
    static let visitsShown = 5

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A FLO ID or an id prefix of at least 6 characters.") var ref: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let view = try store.read {
        let producer = try store.producers.resolve(ref)
        var cases = CaseFilter()
        cases.producer = producer.id
        var visits = ActivityFilter()
        visits.producer = producer.id
        visits.limit = Self.visitsShown
        return ProducerView(
          producer: producer, countryName: try store.countries.country(producer.country)?.name,
          history: try store.certification.history(of: producer.id),
          readiness: try store.readiness.assessment(of: producer.id),
          merges: try store.producers.merges(of: producer.id),
          mergedInto: try producer.mergedInto.flatMap { try store.producers.producer(id: $0) },
          openCases: try store.cases.list(cases), lastVisits: try store.activities.list(visits))
      }
      switch output.format {
      case .json: Output.data(JSONRenderer.render(view.fullRecord))
      case .csv: Output.csv(CSVRenderer.render([view.record], columns: ProducerView.fields))
      case .table: Output.data(view.table)
      }
    }
  }
}
