import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ReportDocument {
  /// "31.6%", or "-" when there is nothing to divide by.
  static func percent(_ share: Double?) -> String {
    guard let share else { return "-" }
    return fixed(share * 100, decimals: 1) + "%"
  }

  /// The training-priorities section: how the period's trainings and workshops cover the priority areas.
  static func trainingPriorities(_ report: RegionReport) -> Section {
    let t = report.trainingPriorities
    let code = report.region.code
    let years = Set([report.period.from.prefix(4), report.period.asOf.prefix(4)]).sorted().joined(separator: "–")
    var blocks: [Block] = [
      .facts([
        ("Trainings and workshops", number(t.sessions)),
        ("  on priority areas", number(t.sessionsOnPriorities)),
        ("  with no topic", number(t.sessionsWithoutTopic)),
        ("Certified and applicant producers \(atEnd(report.period))", number(t.certifiedOrApplicant)),
        (
          "  reached on priority areas",
          "\(t.certifiedOrApplicantReachedOnPriorities) (\(percent(t.shareReached)))"
        ),
      ])
    ]
    func row(_ topic: RegionReport.TopicTraining, description: Bool) -> [String] {
      [topic.topic] + (description ? [topic.description.isEmpty ? "-" : topic.description] : []) + [
        number(topic.sessions), amount(topic.hours), number(topic.women), number(topic.men), number(topic.other),
        number(topic.producersReached),
        "\(topic.certifiedOrApplicantReached) (\(percent(share(topic, of: t))))",
      ]
    }
    let counts = ["Trainings", "Hours", "Women", "Men", "Other", "Producers reached", "Certified/applicant reached"]
    if t.priorities.isEmpty {
      blocks.append(
        .note(
          "\(code) has no priority areas for \(years); set them with 'psr region priorities \(code) --set ics,gender --year \(report.period.from.prefix(4))'."
        ))
    } else {
      let chosen = Set(t.priorities.flatMap(\.chosenBy)).sorted()
      blocks.append(
        .table(
          caption: "Priority areas for \(years) (chosen by \(chosen.joined(separator: ", ")))",
          headers: ["Area", "Description"] + counts, rows: t.priorities.map { row($0, description: true) },
          numericFrom: 2, free: [1], drop: [4: 1, 5: 2, 6: 3, 1: 4, 3: 5]))
      if !t.untrained.isEmpty {
        blocks.append(
          .note("No training or workshop was held on \(t.untrained.joined(separator: ", ")) in the period."))
      }
    }
    if t.otherTopics.isEmpty {
      blocks.append(.note("Every topic trained in the period was a priority area."))
    } else {
      blocks.append(
        .table(
          caption: t.priorities.isEmpty ? "Topics trained" : "Topics trained off the priority areas",
          headers: ["Topic"] + counts,
          rows: t.otherTopics.map { row($0, description: false) }, numericFrom: 1, drop: [3: 1, 4: 2, 5: 3, 2: 4]))
    }
    let charted = t.priorities + t.otherTopics.prefix(max(0, 10 - t.priorities.count))
    blocks.append(
      .chart(
        Chart(
          title: "Trainings and producers reached by topic", groups: charted.map(\.topic),
          series: [("trainings", charted.map(\.sessions)), ("producers reached", charted.map(\.producersReached))])))
    return Section(title: "Training priorities", blocks: blocks)
  }

  /// A topic's certified and applicant producers reached, of the region's.
  static func share(_ topic: RegionReport.TopicTraining, of section: RegionReport.TrainingPriorities) -> Double? {
    section.certifiedOrApplicant > 0
      ? Double(topic.certifiedOrApplicantReached) / Double(section.certifiedOrApplicant) : nil
  }
}
