@_spi(_Unicode) import Swift

/// Case, accents and width folded away, for a name search: what Foundation's
/// `folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)` gives, without
/// Foundation (whose Unicode tables come with ICU's 30 MB). Its rules, as CoreFoundation's `CFStringFold` has
/// them:
/// - a Latin, Greek or Cyrillic letter (below U+0510 once decomposed) loses its accents: the marks of its
///   decomposition and the combining marks that follow it;
/// - a letter of another script keeps its combining marks, except the Latin ones (below U+0510) when the letter
///   itself is unchanged;
/// - case is folded (ß to ss), and the halfwidth and fullwidth forms (U+FF00–U+FFEF) become their ordinary
///   forms.
/// Checked against Foundation over every scalar alone, after "a", before U+0301 and after a kana and a
/// Devanagari letter: it differs only for characters of Unicode 8 and later (Cherokee small letters, scripts
/// and marks of Unicode 16 and 17), which CoreFoundation's older tables do not know.
enum NameFolding {
  static func folded(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
    var folder = Folder()
    for scalar in text.unicodeScalars { folder.add(scalar) }
    return folder.finish()
  }

  /// The marks that may follow the current letter: none (Latin, Greek, Cyrillic), all but the Latin ones (a
  /// letter of another script left as it was), or all (one that folding changed).
  private enum Marks { case drop, dropLatin, keep }

  private struct Folder {
    var out = String.UnicodeScalarView()
    /// The current letter as folded, and the marks kept after it.
    var cluster: [Unicode.Scalar] = []
    var marks = Marks.drop
    var first = true

    mutating func add(_ scalar: Unicode.Scalar) {
      if !first && isNonBase(scalar) {
        switch marks {
        case .drop: return
        case .dropLatin: if scalar.value < 0x510 { return }
        case .keep: break
        }
        cluster.append(contentsOf: String(scalar)._nfd)
        return
      }
      first = false
      flush()
      if scalar.value < 0x80 {
        let value = scalar.value
        cluster.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
        marks = .drop
        return
      }
      var letter = scalar
      var changed = false
      if (0xFF00...0xFFEF).contains(letter.value) {
        changed = true
        letter = NameFolding.ordinaryWidth(letter)
      }
      let decomposed = Array(String(letter)._nfd)
      let latin = decomposed[0].value < 0x510
      var result = latin ? [decomposed[0]] : [letter]
      if latin && decomposed.count > 1 { changed = true }
      if let folded = NameFolding.caseFolded(result[0]) {
        result = folded.filter { !(latin && isNonBase($0)) }
        changed = true
      }
      cluster.append(contentsOf: result)
      marks = (result.last ?? letter).value < 0x510 ? .drop : changed ? .keep : .dropLatin
    }

    /// Puts the current letter out, its marks in canonical order.
    mutating func flush() {
      if cluster.count > 2 {
        let marks = cluster.dropFirst().enumerated().sorted {
          let first = $0.element.properties.canonicalCombiningClass.rawValue
          let second = $1.element.properties.canonicalCombiningClass.rawValue
          return first != second ? first < second : $0.offset < $1.offset
        }
        cluster = [cluster[0]] + marks.map(\.element)
      }
      out.append(contentsOf: cluster)
      cluster.removeAll(keepingCapacity: true)
    }

    mutating func finish() -> String {
      flush()
      return String(out)
    }
  }

  /// A combining mark as CoreFoundation counts one: a grapheme extender, without the spacing marks Unicode 16
  /// added to those.
  private static func isNonBase(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isGraphemeExtend
      && (scalar.properties.generalCategory != .spacingMark || spacingExtenders.contains(scalar.value))
  }

  /// The spacing marks that were grapheme extenders before Unicode 16 (Other_Grapheme_Extend).
  private static let spacingExtenders: Set<UInt32> = [
    0x9BE, 0x9D7, 0xB3E, 0xB57, 0xBBE, 0xBD7, 0xCC2, 0xCD5, 0xCD6, 0xD3E, 0xD57, 0xDCF, 0xDDF, 0x1B35, 0x302E, 0x302F,
    0x1133E, 0x11357, 0x114B0, 0x114BD, 0x115AF, 0x11930, 0x1D165, 0x1D16E, 0x1D16F, 0x1D170, 0x1D171, 0x1D172,
  ]

  /// Full case folding (ß to ss, ẞ to ss, µ to μ); nil for a scalar without case.
  private static func caseFolded(_ scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
    guard scalar.properties.changesWhenCaseFolded || scalar.properties.changesWhenLowercased else { return nil }
    var text = String(scalar)
    for _ in 0..<2 { text = text.uppercased().lowercased() }
    return Array(text.unicodeScalars)
  }

  /// A halfwidth or fullwidth form (U+FF00–U+FFEF) as its ordinary character, by its compatibility mapping.
  private static func ordinaryWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    let value = scalar.value
    if (0xFF01...0xFF5E).contains(value) { return Unicode.Scalar(value - 0xFEE0) ?? scalar }
    guard value >= 0xFF5F, let mapped = Unicode.Scalar(halfwidthForms[Int(value - 0xFF5F)]), mapped.value != 0 else {
      return scalar
    }
    return mapped
  }

  /// The compatibility mappings of U+FF5F–U+FFEF, 0 where there is none of one character.
  private static let halfwidthForms: [UInt32] = [
    0x2985, 0x2986, 0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3,
    0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3,
    0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD,
    0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8,
    0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x3099, 0x309A, 0x1160, 0x1100, 0x1101, 0x11AA, 0x1102,
    0x11AC, 0x11AD, 0x1103, 0x1104, 0x1105, 0x11B0, 0x11B1, 0x11B2, 0x11B3, 0x11B4, 0x11B5, 0x111A, 0x1106, 0x1107,
    0x1108, 0x1121, 0x1109, 0x110A, 0x110B, 0x110C, 0x110D, 0x110E, 0x110F, 0x1110, 0x1111, 0x1112, 0x0000, 0x0000,
    0x0000, 0x1161, 0x1162, 0x1163, 0x1164, 0x1165, 0x1166, 0x0000, 0x0000, 0x1167, 0x1168, 0x1169, 0x116A, 0x116B,
    0x116C, 0x0000, 0x0000, 0x116D, 0x116E, 0x116F, 0x1170, 0x1171, 0x1172, 0x0000, 0x0000, 0x1173, 0x1174, 0x1175,
    0x0000, 0x0000, 0x0000, 0x00A2, 0x00A3, 0x00AC, 0x0000, 0x00A6, 0x00A5, 0x20A9, 0x0000, 0x2502, 0x2190, 0x2191,
    0x2192, 0x2193, 0x25A0, 0x25CB, 0x0000,
  ]
}
