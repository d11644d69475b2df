//! What an open question's answers are grouped by in the word cloud: [`cloud_key`] folds an
//! answer of up to [`CLOUD_WORDS`] words to a key, so that answers a reader takes for the same
//! word count together, and answers that are different words never do.
//!
//! - Case, diacritics (`é` → `e`, `ë` → `e`), punctuation and spaces are folded; an
//!   apostrophe-s at a word's end is a plural or a genitive (`foto's`, `teacher's`) and goes;
//!   other apostrophes and hyphens join (`e-mail` is `email`).
//! - Each word is reduced by [`stem`], a small rule set for Dutch (and the commonest English
//!   plurals) measured against Snowball's two Dutch stemmers on a corpus of student answers
//!   (`docs/BENCHMARKS.md`, "Word cloud normalisation"): Dutch plurals (`boeken`, `lessen`,
//!   `foto's`, `ideeën`, `studies`), inflected adjectives (`leuke`, `saaie`, `goede`, `grote`,
//!   `boze`, `lieve`) and diminutives (`boekje`, `filmpje`, `balletje`, `vrouwtje`) go to one
//!   stem; it is conservative where Dutch spelling is ambiguous (`kaartje` is `kaart` + `je`,
//!   never `kaar` + `tje`), keeps words of three letters whole (`was` is never `wa`), never
//!   strips an `s` after a vowel (`santos` stays apart from `santo`), and lists the words whose
//!   look misleads the rules (`niets` is not `niet`, `jongen` is not `jong`).
//! - Stop words are left out only when the whole answer is one (`de`, `the`): an answer of
//!   two or three words keeps every word, so "niet leuk" never becomes "leuk". Negations and
//!   judgements (`niet`, `geen`, `wel`, `not`, `good`) are no stop words here.
//!
//! The key is never shown: the cloud shows the most common original spelling of its group.

use kring_protocol::CLOUD_WORDS;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The key an answer counts under in the cloud, or `None` when it does not go into the cloud:
/// longer than [`CLOUD_WORDS`] words, nothing but punctuation, or a single stop word.
/// Stable ([`cloud_key`] of an answer's key's words gives the same key) and idempotent.
pub fn cloud_key(text: &str) -> Option<String> {
    let words = fold_words(text);
    if words.is_empty() || words.len() > CLOUD_WORDS {
        return None;
    }
    let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
    if words.len() == 1 && (is_stop_word(&words[0]) || is_stop_word(&stems[0])) {
        return None;
    }
    Some(stems.join(" "))
}

/// The words of a text with case, diacritics and punctuation folded (see the module's doc).
pub fn fold_words(text: &str) -> Vec<String> {
    let lower: String = text
        .to_lowercase()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .collect();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if is_apostrophe(c) {
            // An apostrophe-s ending a word (foto's, teacher's; 's alone, as in 's avonds).
            if chars.peek() == Some(&'s')
                && chars
                    .clone()
                    .nth(1)
                    .is_none_or(|n| !n.is_alphanumeric() && !is_joiner(n))
            {
                chars.next();
            }
            continue;
        }
        if is_joiner(c) {
            continue;
        }
        if c.is_alphanumeric() || is_word_symbol(c) {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}')
}

/// Characters that join the parts of one word (a hyphen: `e-mail`).
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A symbol that is a word of its own rather than punctuation (an emoji, say): not ASCII,
/// not white space, and not in the Unicode punctuation blocks.
fn is_word_symbol(c: char) -> bool {
    !c.is_ascii()
        && !c.is_whitespace()
        && !matches!(c,
            '\u{00A1}'..='\u{00BF}' | '\u{00D7}' | '\u{00F7}' | '\u{2000}'..='\u{206F}'
            | '\u{2E00}'..='\u{2E7F}' | '\u{3000}'..='\u{303F}' | '\u{FE10}'..='\u{FE6F}'
            | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
}

/// Words that are never the whole of a cloud answer: articles, pronouns, prepositions,
/// conjunctions and auxiliaries of Dutch and English. Deliberately without negations and
/// judgements (`niet`, `geen`, `wel`, `ja`, `nee`, `not`, `good`, `yes`, `no`).
const STOP_WORDS: &[&str] = &[
    // Dutch
    "aan", "al", "als", "ben", "bent", "bij", "daar", "dan", "dat", "de", "deze", "die", "dit",
    "door", "dus", "een", "en", "er", "heb", "hebben", "hebt", "heeft", "het", "hier", "hij",
    "hun", "ik", "in", "is", "je", "jij", "jou", "jouw", "jullie", "kan", "kun", "maar", "me",
    "met", "mij", "mijn", "na", "naar", "nog", "of", "om", "ons", "onze", "ook", "op", "over",
    "te", "tot", "u", "uit", "van", "voor", "was", "wat", "we", "wie", "wij", "word", "wordt",
    "ze", "zij", "zijn", "zo", "zou", // English
    "a", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "did", "do", "does",
    "for", "from", "had", "has", "have", "he", "her", "him", "his", "i", "it", "its", "me", "my",
    "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "there", "these", "they",
    "this", "those", "to", "us", "we", "were", "what", "who", "will", "with", "you", "your",
];

/// Whether a folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Words whose look misleads the rules, with their stem: they end like a plural, an
/// inflection or a diminutive but are other words (`niets` is "nothing", not `niet`s).
const EXCEPTIONS: &[(&str, &str)] = &[
    ("niets", "niets"),
    ("iets", "iets"),
    ("fiets", "fiets"),
    ("fietsen", "fiets"),
    ("nieuws", "nieuws"),
    ("news", "news"),
    ("straks", "straks"),
    ("steeds", "steeds"),
    ("slechts", "slechts"),
    ("rechts", "rechts"),
    ("links", "links"),
    ("anders", "anders"),
    ("ergens", "ergens"),
    ("nergens", "nergens"),
    ("tijdens", "tijdens"),
    ("volgens", "volgens"),
    ("overigens", "overigens"),
    ("trots", "trots"),
    ("plots", "plots"),
    ("engels", "engels"),
    ("nederlands", "nederlands"),
    ("turks", "turks"),
    ("frans", "frans"),
    ("kaars", "kaars"),
    ("beurs", "beurs"),
    ("koers", "koers"),
    ("grens", "grens"),
    ("proces", "proces"),
    ("dagen", "dag"),
    ("uren", "uur"),
    ("jongen", "jongen"),
    ("jongens", "jongen"),
    ("buiten", "buiten"),
    ("beetje", "beetje"),
    ("meisje", "meisje"),
    ("meisjes", "meisje"),
    ("perhaps", "perhaps"),
    ("sometimes", "sometimes"),
    ("always", "always"),
    ("physics", "physics"),
    ("series", "series"),
    ("listen", "listen"),
    ("often", "often"),
];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether byte `i` of `w` is a vowel sound: a vowel, a `y` after a vowel, or the `j` of `ij`.
fn vowel_at(w: &[u8], i: usize) -> bool {
    is_vowel(w[i])
        || (i > 0 && ((w[i] == b'j' && w[i - 1] == b'i') || (w[i] == b'y' && is_vowel(w[i - 1]))))
}

/// The stem of one folded word (see the module's doc): [`stem_once`] until nothing changes
/// (`tekenen` → `teken` → `teek`), so that a stem is its own stem.
pub fn stem(word: &str) -> String {
    let mut w = stem_once(word);
    for _ in 0..4 {
        let next = stem_once(&w);
        if next == w {
            break;
        }
        w = next;
    }
    w
}

/// One ending off a folded word. Words of three letters or fewer, and words with anything
/// but the letters a–z, stay as they are.
fn stem_once(word: &str) -> String {
    if let Some((_, stem)) = EXCEPTIONS.iter().find(|(w, _)| *w == word) {
        return (*stem).to_owned();
    }
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_owned();
    }
    let mut w = word.to_owned();
    // 1. Plurals in -s.
    if w.ends_with("heden") {
        w.truncate(w.len() - 5);
        w.push_str("heid");
        return w;
    }
    if ["sses", "shes", "ches", "xes"]
        .iter()
        .any(|s| w.ends_with(s))
    {
        w.truncate(w.len() - 2);
        return w;
    }
    if w.len() >= 5 && w.ends_with('s') && plural_s(w.as_bytes()) {
        w.pop();
    }
    // 2. Diminutives.
    if let Some(stem) = diminutive(&w) {
        return stem;
    }
    // 3. Plurals in -en and inflected adjectives in -e.
    let b = w.as_bytes();
    let n = b.len();
    let stripped = if n >= 5
        && w.ends_with("en")
        && (!vowel_at(b, n - 3) || w.ends_with("eeen") || w.ends_with("ieen"))
    {
        w.truncate(n - 2);
        true
    } else if n >= 4
        && w.ends_with('e')
        && (!vowel_at(b, n - 2)
            || (b[n - 2] == b'i' && is_vowel(b[n - 3]) && b[n - 3] != b'i')
            || (b[n - 2] == b'j' && b[n - 3] == b'i'))
    {
        w.truncate(n - 1);
        true
    } else {
        false
    };
    if stripped && w.len() >= 2 {
        w = open_syllable(w);
    }
    // 4. English -y as Dutch -ie (hobby, hobbies; story, stories).
    let b = w.as_bytes();
    if b.len() >= 4 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2]) {
        w.pop();
        w.push_str("ie");
    }
    w
}

/// Whether the final `s` of `w` (five letters or more) reads as a plural: after an `e`
/// (`games`, `boekjes`, `studies`) and after a consonant other than `s`, `t` and the `j` of
/// `ij`. Never after another vowel (`santos` is not `santo`s; a Dutch plural there has an
/// apostrophe, `foto's`), nor after `t` (`toets`, `fiets`, `niets`: Dutch words, more of them
/// in a class than English plurals like `tests`), nor in `-les` (`gymles`, `bijles`), `-ees`
/// (`Chinees`) or after a long vowel and a consonant (`Spaans`, `Surinaams`).
fn plural_s(b: &[u8]) -> bool {
    let n = b.len();
    let before = b[n - 2];
    let long_vowel = |i: usize| i >= 1 && is_vowel(b[i]) && b[i] == b[i - 1];
    if before == b'e' {
        return !(b[n - 3] == b'l' || b[n - 3] == b'e');
    }
    !vowel_at(b, n - 2) && !matches!(before, b's' | b't') && !long_vowel(n - 3)
}

/// A word without its diminutive ending (`boekje`, `filmpje`, `balletje`, `vrouwtje`), or `None` when it has none the rules read safely.
fn diminutive(w: &str) -> Option<String> {
    let b = w.as_bytes();
    let n = b.len();
    if n < 5 || !w.ends_with("je") {
        return None;
    }
    // -etje after a doubled consonant or -ng: bal-letje, ding-etje.
    if w.ends_with("etje") && n >= 7 {
        let (c1, c2) = (b[n - 6], b[n - 5]);
        if (c1 == c2 && !is_vowel(c1)) || (c1 == b'n' && c2 == b'g') {
            let mut stem = w[..n - 4].to_owned();
            if c1 == c2 {
                stem.pop();
            }
            return Some(stem);
        }
    }
    // -pje after m: film-pje, bloem-pje.
    if w.ends_with("mpje") {
        return Some(w[..n - 3].to_owned());
    }
    // -tje after w and the diphthongs au, ei, ij: vrouw-tje, cadeau-tje, ei-tje. After other
    // vowels it is ambiguous (praat-je or pra-tje, niet-je or nie-tje): read as -je.
    if w.ends_with("tje")
        && (b[n - 4] == b'w' || [b"au", b"ei", b"ij"].contains(&&[b[n - 5], b[n - 4]]))
    {
        return Some(w[..n - 3].to_owned());
    }
    // -je: boek-je, kaart-je (never read as kaar-tje), groep-je, praat-je.
    if !vowel_at(b, n - 3) && n - 2 >= 3 {
        return Some(w[..n - 2].to_owned());
    }
    None
}

/// A stem whose ending was stripped, spelled as the word is without it: a doubled consonant
/// undoubled (`less` → `les`), `z`/`v` as `s`/`f` (`boz` → `bos`), and a single vowel before
/// the last consonant doubled where the ending had left it open (`grot` → `groot`,
/// `lerar` → `leraar`, `boos`, `social` → `sociaal`).
fn open_syllable(mut w: String) -> String {
    let b = w.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) {
        w.pop();
        return w;
    }
    match b[n - 1] {
        b'z' => {
            w.pop();
            w.push('s');
        }
        b'v' => {
            w.pop();
            w.push('f');
        }
        _ => {}
    }
    let b = w.as_bytes();
    let n = b.len();
    if n >= 3
        && !vowel_at(b, n - 1)
        && matches!(b[n - 2], b'a' | b'e' | b'o' | b'u')
        && (!vowel_at(b, n - 3) || (b[n - 2] == b'a' && matches!(b[n - 3], b'i' | b'e')))
    {
        let v = b[n - 2] as char;
        w.insert(n - 2, v);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Option<String> {
        cloud_key(text)
    }

    #[test]
    fn the_issues_examples_merge_and_its_known_failures_do_not() {
        for group in [
            &["leuk", "Leuk!", "leuke", "LEUK", "  leuk  "][..],
            &["saai", "saaie", "Saai..."],
            &["goed", "goede", "Goed."],
            &["boek", "boeken", "boekje", "boekjes"],
            &["foto", "foto's", "Foto’s"],
            &["vrij", "vrije"],
            &["mooi", "mooie"],
            &["idee", "ideeën", "ideeen"],
            &["les", "lessen"],
            &["groot", "grote"],
            &["boos", "boze"],
            &["leraar", "leraren"],
            &["café", "cafe", "Cafe"],
            &["e-mail", "email"],
            &["niet leuk", "Niet leuk!", "niet leuke"],
            &["hobby", "hobbies"],
        ] {
            let first = key(group[0]);
            assert!(first.is_some(), "{group:?}");
            for other in group {
                assert_eq!(key(other), first, "{other} should be {:?}", group[0]);
            }
        }
        for (a, b) in [
            ("was", "wa"),
            ("santos", "santo"),
            ("niet", "niets"),
            ("nieuw", "nieuws"),
            ("jong", "jongen"),
            ("niet leuk", "leuk"),
            ("bos", "boos"),
            ("bom", "boom"),
            ("les", "lees"),
            ("alle", "alleen"),
            ("kaart", "kaar"),
        ] {
            assert_ne!(key(a), key(b), "{a} and {b} are different words");
        }
    }

    /// The corpus of student answers: groups of answers that must fold to one key.
    fn corpus() -> Vec<Vec<&'static str>> {
        include_str!("../../../tests/corpus/open-question-answers.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split(" | ").map(str::trim).collect())
            .collect()
    }

    /// Pairs of answers that are different words.
    fn apart() -> Vec<(&'static str, &'static str)> {
        include_str!("../../../tests/corpus/open-question-apart.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once(" | "))
            .map(|(a, b)| (a.trim(), b.trim()))
            .collect()
    }

    /// Pairs of the corpus's answers: (same group and one key, same group, different groups
    /// and one key), and the apart pairs that fold to one key.
    fn measure(key: impl Fn(&str) -> Option<String>) -> (usize, usize, usize, Vec<String>) {
        let answers: Vec<(usize, &str, Option<String>)> = corpus()
            .iter()
            .enumerate()
            .flat_map(|(g, group)| group.iter().map(move |a| (g, *a)))
            .map(|(g, a)| (g, a, key(a)))
            .collect();
        let (mut merged, mut pairs, mut wrong) = (0, 0, 0);
        let mut wrong_pairs = Vec::new();
        for (i, (g1, a1, k1)) in answers.iter().enumerate() {
            for (g2, a2, k2) in &answers[i + 1..] {
                let same = k1.is_some() && k1 == k2;
                if g1 == g2 {
                    pairs += 1;
                    merged += usize::from(same);
                } else if same {
                    wrong += 1;
                    wrong_pairs.push(format!("{a1} = {a2}"));
                }
            }
        }
        for (a, b) in apart() {
            if key(a).is_some() && key(a) == key(b) {
                wrong += 1;
                wrong_pairs.push(format!("{a} = {b} (apart list)"));
            }
        }
        (merged, pairs, wrong, wrong_pairs)
    }

    #[test]
    fn on_the_corpus_of_student_answers_nothing_different_merges() {
        let (merged, pairs, wrong, wrong_pairs) = measure(cloud_key);
        let (plain, _, _, _) = measure(|t| {
            let words = fold_words(t);
            (!words.is_empty()).then(|| words.join(" "))
        });
        println!(
            "rules: {merged} of {pairs} same-word pairs merged (folding alone: {plain}); \
             {wrong} different-word pairs merged"
        );
        assert!(
            wrong_pairs.is_empty(),
            "merged different words: {wrong_pairs:?}"
        );
        assert!(merged > plain, "the rules merge more than folding alone");
        // Every group of the corpus reaches one key, except the ambiguous or irregular ones
        // the rules leave apart on purpose (see BENCHMARKS.md).
        let missed: Vec<String> = corpus()
            .into_iter()
            .filter(|g| g.iter().any(|a| cloud_key(a) != cloud_key(g[0])))
            .map(|g| g.join(" | "))
            .collect();
        println!("groups not merged: {missed:?}");
        assert!(missed.len() <= 5, "{missed:?}");
    }

    #[test]
    fn stop_words_go_only_when_they_are_the_whole_answer() {
        assert_eq!(key("de"), None);
        assert_eq!(key("The"), None);
        assert_eq!(key("?!"), None);
        assert_eq!(key("een twee drie vier"), None, "longer than three words");
        assert!(key("niet").is_some());
        assert!(key("geen").is_some());
        assert!(key("good").is_some());
        assert_eq!(key("de les").as_deref(), Some("de les"));
        assert_ne!(key("niet goed"), key("goed"));
    }
}
