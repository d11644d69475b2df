//! Student text: every nickname, team name, idea, tip or other text a student types goes
//! through this module before a room keeps it.
//!
//! - [`check_text`] is the ONE check for student text (activities call it with their own
//!   length limit): Unicode NFKC normalisation; bidirectional controls and invisible
//!   characters removed; white space collapsed; refused when nothing visible is left
//!   ([`ErrorCode::Blank`]), when too long ([`ErrorCode::TooLong`]) or when the profanity
//!   filter objects ([`ErrorCode::Inappropriate`]). It returns the tidied text to keep.
//! - [`check_nickname`] is the same check with the nickname's length limit.
//! - [`nickname_key`] is what two nicknames (and team names, and a veto) are compared by: the
//!   Unicode confusable skeleton (UTS #39) of each letter, lower-cased and as written, without
//!   accents, punctuation or spaces, so `Sam`, `SAM`, `Sam` with a zero-width space, Cyrillic
//!   `Ѕаm` and `ЅАМ`, and `Sam!` are one name.
//! - [`generate`] makes names like "Snelle Vos" or "Brave Otter".
//!
//! The filter is `rustrict` (English, with its handling of spacing, repeated letters,
//! leetspeak, self-censoring such as `f*ck` and look-alike characters) with a Dutch list added
//! (`names/refuse-nl.txt`) and real names and ordinary words it would refuse allowed
//! (`names/allow.txt`). Text that contained a right-to-left override is also checked in the
//! order it would have been displayed. `server/tests/data/` holds the two measured lists (see
//! the `measured_on_public_lists` test).

use std::collections::HashSet;
use std::sync::LazyLock;

use kring_protocol::{ErrorCode, Lang, MAX_NICKNAME_CHARS};
use rand::Rng;
use rustrict::{Censor, Trie, Type};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::act_error::ActError;

mod context;

/// Longest free text a student may type anywhere (an idea, a tip); activities choose their
/// own limit up to this.
pub const MAX_TEXT_CHARS: usize = 280;

/// Combining marks kept on one letter (enough for every real script; "Zalgo" text that
/// stacks dozens to spill over other lines is cut back to this).
const MAX_MARKS_PER_LETTER: usize = 3;

/// What the filter refuses: profane, offensive or sexual at least moderately, or severely mean.
/// Mild words ("crap", "damn") pass.
fn refused(kind: Type) -> bool {
    kind.is((Type::PROFANE | Type::OFFENSIVE | Type::SEXUAL) & Type::MODERATE_OR_HIGHER)
        || kind.is(Type::MEAN & Type::SEVERE)
}

/// The lines of a word list: `#` starts a comment line.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
}

/// Real names and ordinary words the lists would refuse, allowed as written.
const ALLOWED: &str = include_str!("names/allow.txt");

/// rustrict's (English) words with the allowed names, built once. Used on whole texts: its
/// own list knows which spaced-out matches are false ("push it"). rustrict's own list is
/// extended in place rather than copied: a copy held about 19 MiB more for the server's life.
static ENGLISH: LazyLock<&'static Trie> = LazyLock::new(|| {
    // SAFETY: `customize_default` must not run while anything else uses rustrict's default
    // list. Every use of rustrict in Kring is in `refused_by`, which forces this value first;
    // `LazyLock` runs this once, and any other thread waits until it is done.
    let trie = unsafe { Trie::customize_default() };
    for word in lines(ALLOWED) {
        trie.set(word, Type::NONE);
    }
    trie
});

/// Kring's Dutch words with the allowed names, built once. Used word by word (and on runs of
/// single letters, "k u t"), since words added to rustrict at run time have no list of false
/// positives: on a whole text they would match across words ("Anouk Anker", "Pieter Ing").
static DUTCH: LazyLock<Trie> = LazyLock::new(|| {
    let mut trie = Trie::new();
    for word in lines(DUTCH_WORDS).filter(|word| !word.starts_with(' ')) {
        trie.set(word, Type::PROFANE & Type::SEVERE);
    }
    for word in lines(ALLOWED) {
        trie.set(word, Type::NONE);
    }
    trie
});

/// Kring's Dutch list: curses, insults and slurs.
const DUTCH_WORDS: &str = include_str!("names/refuse-nl.txt");

/// The Dutch words refused only as a word of their own (" pik": not "Pikachu").
static DUTCH_WHOLE_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    lines(DUTCH_WORDS)
        .filter_map(|word| word.strip_prefix(' '))
        .collect()
});

/// Builds the filter's word lists (rustrict's and Kring's) now rather than at the first
/// check: otherwise the first nicknames and ideas after a start wait for it (a few hundred
/// ms on a small server, seen as the p99 of the first class's actions).
pub fn warm_up() {
    let _ = is_inappropriate("warm up the lists");
}

/// Whether `text` is refused by the words in `trie`.
fn refused_by(text: &str, trie: &'static Trie) -> bool {
    // rustrict's default list is extended before any censor reads it (see `ENGLISH`).
    LazyLock::force(&ENGLISH);
    refused(Censor::from_str(text).with_trie(trie).analyze())
}

/// Longest English stem read only as a word of its own or in a compound insult: inside a
/// longer word, with letters beside it, such a short match is a name or an ordinary word
/// ("nazi" read in "Nazlı" and "Nasir", "shit" in "Matsushita", "anal" in "Annalisa",
/// "adolf" in "Adolfo"), not a curse.
const MAX_INNER_STEM: usize = 5;

/// What a curse is joined with to make a compound insult ("shit" + "head", "jack" + "ass",
/// "fuck" + "ing"): a short stem beside one of these is a curse, not part of a name.
const COMPOUND_PARTS: &[&str] = &[
    "school", "face", "boy", "boys", "girl", "show", "head", "heads", "hole", "holes", "lord",
    "teacher", "dump", "wipe", "hat", "bag", "bags", "jack", "dumb", "bull", "dip", "horse",
    "mother", "sucker", "suckers", "lick", "licker", "stick", "slut", "whore", "bitch", "ty",
    "ing", "in", "er", "ers", "ed", "es", "ie", "ies", "ey", "wad", "tard", "docent", "leraar",
    "les", "kop", "wijf", "jong", "zak", "lijer", "hoofd", "fest", "load", "tit", "s", "y", "k",
    "motha", "mutha",
];

/// Whether rustrict's (English) list refuses `text`, except where every refused match is a
/// short stem inside a longer word ([`MAX_INNER_STEM`]).
fn refused_by_english(text: &str) -> bool {
    LazyLock::force(&ENGLISH);
    let refused_kinds = ((Type::PROFANE | Type::OFFENSIVE | Type::SEXUAL)
        & Type::MODERATE_OR_HIGHER)
        | (Type::MEAN & Type::SEVERE);
    let (censored, kind) = Censor::from_str(text)
        .with_trie(*ENGLISH)
        .with_censor_threshold(refused_kinds)
        .with_censor_first_character_threshold(Type::ANY)
        .with_censor_replacement('\u{FFFD}')
        .censor_and_analyze();
    refused(kind) && !only_inner_stems(text, &censored)
}

/// Whether every censored run (`U+FFFD`) of `censored` is a short stem with letters of the
/// same word on both sides in `text`. `false` when the censor changed the text's length (it
/// drops accents written as separate marks) or censored nothing.
fn only_inner_stems(text: &str, censored: &str) -> bool {
    let original: Vec<char> = text.chars().collect();
    let marked: Vec<bool> = censored.chars().map(|c| c == '\u{FFFD}').collect();
    if original.len() != marked.len() || !marked.contains(&true) {
        return false;
    }
    let mut i = 0;
    while i < marked.len() {
        if !marked[i] {
            i += 1;
            continue;
        }
        let end = (i..marked.len())
            .find(|&j| !marked[j])
            .unwrap_or(marked.len());
        let run = &original[i..end];
        let word_start = original[..i]
            .iter()
            .rposition(|c| !c.is_alphabetic())
            .map_or(0, |p| p + 1);
        let word_end = (end..original.len())
            .find(|&j| !original[j].is_alphabetic())
            .unwrap_or(original.len());
        let before: String = original[word_start..i]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect();
        let after: String = original[end..word_end]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect();
        // A stretched ending ("Bitchhh") is the curse itself.
        let last = run.last().map(|c| c.to_lowercase().collect::<String>());
        let stretched = !after.is_empty()
            && last.is_some_and(|last| after.chars().all(|c| last == c.to_string()));
        let compound = stretched
            || [&before, &after]
                .iter()
                .any(|part| COMPOUND_PARTS.contains(&part.as_str()));
        if before.chars().count() + after.chars().count() < 1
            || compound
            || run.len() > MAX_INNER_STEM
            || !run.iter().all(|c| c.is_alphabetic())
        {
            return false;
        }
        i = end;
    }
    true
}

/// The words of a text as the Dutch list is checked on: each word, and each run of single
/// letters joined ("k u t" → "kut").
fn dutch_words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = text.split(' ').peekable();
    std::iter::from_fn(move || {
        let word = words.next()?;
        let mut joined = word.to_owned();
        if word.chars().count() == 1 {
            while let Some(next) = words.next_if(|w| w.chars().count() == 1) {
                joined.push_str(next);
            }
        }
        Some(joined)
    })
}

/// The text as the filter reads it: a number that is not between two letters is dropped
/// ("Sem2010", "P0095-3", "hoer123" → "hoer"), since the filter reads digits as letters (`4`
/// as `a`) and a name with a year or a count beside it would otherwise spell words by
/// chance. Digits inside a word ("k4nker", "sh1t") stay.
fn for_filter(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| !chars[j].is_ascii_digit())
            .unwrap_or(chars.len());
        let inside = i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(end).is_some_and(|c| c.is_alphabetic());
        if inside {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

/// The text without initials: a single letter with a full stop ("P. Petrov", "Juliana L.")
/// that stands alone, since the English list reads words through the spaces between them
/// ("P. P" as "pp", "na L" as "nal"). A run of them ("k. u. t.") is kept: that spells a word.
fn without_initials(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let initial = |i: usize| {
        words.get(i).is_some_and(|w| {
            let mut chars = w.chars();
            matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_alphabetic())
        })
    };
    let single = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| w.trim_end_matches('.').chars().count() == 1)
    };
    words
        .iter()
        .enumerate()
        // Kept unless a lone initial: not one of a run of single letters.
        .filter(|&(i, _)| !initial(i) || single(i + 1) || (i > 0 && single(i - 1)))
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Real first and family names, one lower-case word a line (see the file's header).
const REAL_NAMES: &str = include_str!("names/real-names.txt");

/// The words of [`REAL_NAMES`], as written and without accents, built once (about 4,000
/// short words).
static NAMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    lines(REAL_NAMES)
        .flat_map(|name| [name.to_owned(), without_accents(name)])
        .collect()
});

/// A word without its accents ("anaïs" → "anais").
fn without_accents(word: &str) -> String {
    word.nfd().filter(|&c| !is_combining_mark(c)).collect()
}

/// Whether a word of a text is a real name (every part of "Abdel-Rahman" or "Huỳnh/Hoàng"
/// is), read in lower case without the punctuation around it.
fn is_real_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    let parts = lower
        .split(['-', '/'])
        .map(|part| part.trim_matches(|c: char| !c.is_alphanumeric()));
    let mut any = false;
    for part in parts {
        if part.is_empty() {
            continue;
        }
        if !(NAMES.contains(part) || NAMES.contains(&without_accents(part))) {
            return false;
        }
        any = true;
    }
    any
}

/// The runs of words between the real names of a text ([`is_real_name`]): the profanity
/// lists match inside words ("cum" in "Kumar", "shit" in "Matsushita"), so a real name is
/// checked as a whole word before them, and the words around it are checked apart (no new
/// neighbours).
fn between_names(text: &str) -> Vec<String> {
    text.split(' ')
        .collect::<Vec<_>>()
        .split(|word| is_real_name(word))
        .filter(|run| !run.is_empty())
        .map(|run| run.join(" "))
        .collect()
}

/// Whether a text is a code or gesture that no word list spells: the middle finger emoji,
/// or the neo-Nazi numbers 1488 (anywhere, also "14/88") and 88 (as the whole text).
fn is_coded(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .collect();
    text.contains('\u{1F595}')
        || compact == "88"
        || text
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run == "1488")
        || compact.contains("1488") && compact.chars().all(|c| c.is_ascii_digit())
}

/// Whether a (tidied) text contains Dutch or English profanity, insults or slurs.
pub fn is_inappropriate(text: &str) -> bool {
    if is_coded(text) {
        return true;
    }
    // Disease curses, topic words and near-spellings read in context (see `context`): an
    // insult is refused here, the runs of words between topic words and names go on to the
    // word lists.
    let Some(runs) = context::read(text) else {
        return true;
    };
    runs.iter()
        .flat_map(|run| between_names(&for_filter(run)))
        .any(|run| refused_by_lists(&run))
}

/// Whether the word lists refuse a run of words: rustrict's (English) on the whole run, the
/// Dutch list word by word.
fn refused_by_lists(text: &str) -> bool {
    refused_by_english(&without_initials(text))
        || dutch_words(text).any(|word| {
            let bare: String = word
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            DUTCH_WHOLE_WORDS.contains(&bare.as_str()) || refused_by(&word, &DUTCH)
        })
}

/// Characters that change the direction text is displayed in.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing: format characters, fillers and blanks that are not white
/// space (zero-width spaces and joiners, soft hyphen, variation selectors, tags, Hangul
/// fillers, the blank Braille pattern, ...).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Text as a room keeps it: NFKC-normalised, without direction controls, invisible or control
/// characters, with at most [`MAX_MARKS_PER_LETTER`] marks on a letter, white space collapsed
/// to single spaces and trimmed. Also says whether direction controls were removed.
fn tidy(raw: &str) -> (String, bool) {
    let mut out = String::with_capacity(raw.len());
    let mut had_bidi = false;
    let mut marks = 0;
    let mut space = false;
    for c in raw.nfkc() {
        if is_bidi_control(c) {
            had_bidi = true;
            continue;
        }
        if is_invisible(c) || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            marks = 0;
            continue;
        }
        if is_combining_mark(c) {
            marks += 1;
            if marks > MAX_MARKS_PER_LETTER || out.is_empty() {
                continue;
            }
        } else {
            marks = 0;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    (out, had_bidi)
}

/// Checks and tidies a piece of student text (a nickname, team name, idea, tip, ...): the one
/// check every activity uses. Returns the text to keep (see [`tidy`]): refused with
/// [`ErrorCode::Blank`] when nothing visible is left, [`ErrorCode::TooLong`] above `max_chars`
/// characters (counted after tidying), [`ErrorCode::Inappropriate`] when the filter objects.
/// Fast enough for [`MAX_TEXT_CHARS`] on every keystroke-sized input (linear in the text).
pub fn check_text(raw: &str, max_chars: usize) -> Result<String, ActError> {
    let (text, had_bidi) = tidy(raw);
    if text.is_empty() {
        return Err(ActError::new(
            ErrorCode::Blank,
            "there is nothing to see in this text: only blank or invisible characters",
        ));
    }
    if text.chars().count() > max_chars {
        return Err(ActError::new(
            ErrorCode::TooLong,
            format!("at most {max_chars} characters"),
        ));
    }
    // A right-to-left override displays what follows it backwards: check that order too.
    let displayed = || text.chars().rev().collect::<String>();
    if is_inappropriate(&text) || (had_bidi && is_inappropriate(&displayed())) {
        return Err(ActError::new(
            ErrorCode::Inappropriate,
            "the filter refused this text; please put it in other words",
        ));
    }
    Ok(text)
}

/// Checks and tidies a chosen nickname: [`check_text`] with at most [`MAX_NICKNAME_CHARS`]
/// characters. Whether it is taken is the room's question ([`nickname_key`]).
pub fn check_nickname(raw: &str) -> Result<String, ActError> {
    check_text(raw, MAX_NICKNAME_CHARS)
}

/// The key under which nicknames and team names are compared ("taken", a duplicate, a veto):
/// what the tidied name looks like, so names that only look alike are one name. Each letter
/// is folded to its confusable skeleton (UTS #39) both lower-cased and as written, whichever
/// gives a Latin letter (Cyrillic `Т` lower-cases to `т`, which resembles no Latin letter,
/// but as written it is a `T`); then accents, punctuation, underscores and spaces are left
/// out (`De Poëpjes!` and `De_Poepjes` are `De Poepjes`). A name of only punctuation or
/// symbols keeps them, so two such names differ.
pub fn nickname_key(nickname: &str) -> String {
    let folded: String = tidy(nickname).0.chars().map(fold_look_alike).collect();
    let letters: String = folded
        .nfd()
        .filter(|&c| !is_combining_mark(c) && !is_separator(c))
        .collect();
    if letters.is_empty() { folded } else { letters }
}

/// One character as it looks, lower-cased: a capital by what it looks like as written (then
/// lower-cased as that Latin letter), anything else by its lower case (see [`nickname_key`]).
fn fold_look_alike(c: char) -> String {
    let skeleton = |text: &str| {
        unicode_security::confusable_detection::skeleton(text)
            .collect::<String>()
            .to_lowercase()
    };
    if c.is_uppercase() {
        let written: String = unicode_security::confusable_detection::skeleton(&c.to_string())
            .filter(|&c| !is_combining_mark(c))
            .collect();
        // The skeleton of a capital I (Latin, Cyrillic `І`, Greek `Ι`) is a small l.
        if written == "l" {
            return "i".to_owned();
        }
        if !written.is_empty() && written.chars().all(|c| c.is_ascii_alphanumeric()) {
            return skeleton(&written.to_lowercase());
        }
    }
    skeleton(&c.to_lowercase().to_string())
}

/// Characters a name's look is not told apart by: punctuation, white space and underscores.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || is_unicode_punctuation(c)
}

/// Punctuation outside ASCII: quotes, dashes, dots and marks in the General Punctuation and
/// CJK blocks, and the inverted and guillemet marks of Latin-1.
fn is_unicode_punctuation(c: char) -> bool {
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}'
        | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE4F}')
}

const ADJECTIVES_NL: &[&str] = &[
    "Blije",
    "Snelle",
    "Slimme",
    "Dappere",
    "Vrolijke",
    "Rustige",
    "Sterke",
    "Gouden",
    "Groene",
    "Paarse",
    "Zonnige",
    "Stoere",
    "Wijze",
    "Vlotte",
    "Kleurrijke",
    "Nieuwsgierige",
];
const ANIMALS_NL: &[&str] = &[
    "Vos", "Uil", "Panda", "Dolfijn", "Egel", "Otter", "Tijger", "Kikker", "Vlinder", "Zeehond",
    "Eekhoorn", "Pinguïn", "Leeuw", "Koala", "Valk", "Bever",
];
const ADJECTIVES_EN: &[&str] = &[
    "Happy",
    "Quick",
    "Clever",
    "Brave",
    "Cheerful",
    "Calm",
    "Strong",
    "Golden",
    "Green",
    "Purple",
    "Sunny",
    "Bold",
    "Wise",
    "Swift",
    "Colourful",
    "Curious",
];
const ANIMALS_EN: &[&str] = &[
    "Fox",
    "Owl",
    "Panda",
    "Dolphin",
    "Hedgehog",
    "Otter",
    "Tiger",
    "Frog",
    "Butterfly",
    "Seal",
    "Squirrel",
    "Penguin",
    "Lion",
    "Koala",
    "Falcon",
    "Beaver",
];

/// A generated nickname such as "Snelle Vos" or "Brave Otter" that `taken` says is free
/// (a number is appended when the plain ones run out).
pub fn generate(rng: &mut impl Rng, lang: Lang, taken: impl Fn(&str) -> bool) -> String {
    let (adjectives, animals) = match lang {
        Lang::Nl => (ADJECTIVES_NL, ANIMALS_NL),
        Lang::En => (ADJECTIVES_EN, ANIMALS_EN),
    };
    let mut attempt = 0u32;
    loop {
        let adjective = adjectives[rng.random_range(0..adjectives.len())];
        let animal = animals[rng.random_range(0..animals.len())];
        let name = if attempt < 20 {
            format!("{adjective} {animal}")
        } else {
            format!("{adjective} {animal} {}", rng.random_range(2..1000))
        };
        if !taken(&name) {
            return name;
        }
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use std::collections::BTreeMap;

    fn code(raw: &str) -> ErrorCode {
        check_nickname(raw).unwrap_err().code
    }

    #[test]
    fn nicknames_are_tidied_and_limited() {
        assert_eq!(
            check_nickname("  Sam   de  Vries ").unwrap(),
            "Sam de Vries"
        );
        assert_eq!(code(""), ErrorCode::Blank);
        assert_eq!(code(&"Anneke".repeat(5)), ErrorCode::TooLong);
        assert_eq!(check_nickname(&"Anneke".repeat(4)).unwrap().len(), 24);
        assert_eq!(check_nickname("a\u{7}b").unwrap(), "ab");
        assert_eq!(check_nickname("Zoë").unwrap(), "Zoë");
        // Full-width letters are normalised (NFKC) to the plain ones.
        assert_eq!(check_nickname("Ｓａｍ").unwrap(), "Sam");
    }

    #[test]
    fn invisible_and_direction_characters_are_removed_and_blank_names_refused() {
        assert_eq!(check_nickname("Sam\u{200B}").unwrap(), "Sam");
        assert_eq!(
            check_nickname("S\u{2066}a\u{2069}m\u{FEFF}").unwrap(),
            "Sam"
        );
        for blank in [
            "\u{200B}\u{200B}",
            "   ",
            "\u{3164}\u{3164}",
            "\u{2800}",
            "\u{202E}\u{200D}\u{FE0F}",
            "\u{00AD}\u{E0041}",
        ] {
            assert_eq!(code(blank), ErrorCode::Blank, "{blank:?}");
        }
        let zalgo = format!("Sam{}", "\u{0336}".repeat(40));
        assert_eq!(
            check_nickname(&zalgo).unwrap().chars().count(),
            3 + MAX_MARKS_PER_LETTER
        );
    }

    #[test]
    fn look_alikes_share_one_key() {
        let sam = nickname_key("Sam");
        for same in [
            "sam",
            "SAM",
            "Sam\u{200B}",
            "\u{0405}\u{0430}m",
            "Ｓａｍ",
            " Sam ",
        ] {
            assert_eq!(nickname_key(same), sam, "{same:?}");
        }
        assert_ne!(nickname_key("Sem"), sam);
        // Capitals from another script look like Latin capitals, not like their small letters.
        for (alike, latin) in [
            ("\u{0422}\u{0406}\u{041C}", "Tim"),
            ("\u{0405}\u{0410}\u{041C}", "Sam"),
            ("De \u{0412}evers", "De Bevers"),
            ("\u{0392}\u{0395}\u{039D}", "Ben"),
            ("TIM", "tim"),
        ] {
            assert_eq!(nickname_key(alike), nickname_key(latin), "{alike:?}");
        }
        // Accents, punctuation, underscores and spaces do not make another name.
        for same in [
            "De Poepjes!",
            "De Poëpjes",
            "De_Poepjes",
            "De Poepjes.",
            "de-poepjes",
        ] {
            assert_eq!(nickname_key(same), nickname_key("De Poepjes"), "{same:?}");
        }
        assert_eq!(nickname_key("Zoë"), nickname_key("Zoe"));
        assert_ne!(nickname_key("De Poepjes"), nickname_key("De Snoepjes"));
        // Names of only symbols keep them.
        assert_ne!(nickname_key("🙂"), nickname_key("😎"));
        assert_ne!(nickname_key("???"), nickname_key("!!!"));
    }

    #[test]
    fn the_issue_s_examples_are_refused() {
        for bad in [
            "kutje",
            "k u t",
            "kutkop",
            "hoer123",
            "fvck",
            "f*ck",
            "neger",
            "sieg heil",
            "K4NK3R boy",
            "tyfuslijer",
            "klootzak123",
            "shithead",
            "\u{0455}hit",
            "ｆｕｃｋ",
            "f\u{200B}uck",
            "\u{202E}kcuf",
            "\u{202E}reknak",
        ] {
            assert_eq!(code(bad), ErrorCode::Inappropriate, "{bad:?}");
        }
    }

    #[test]
    fn the_issue_s_real_names_are_accepted() {
        for fine in [
            "Dick",
            "Zak",
            "De Cock",
            "Anouk Anker",
            "Pieter Ing",
            "Mette Ringers",
            "Scunthorpe",
            "Sam",
            "Hoera",
            "Pikachu fan",
            "Kees",
            "Kutlu Yılmaz",
            "van de Wetering",
        ] {
            assert!(
                check_nickname(fine).is_ok(),
                "{fine}: {:?}",
                check_nickname(fine)
            );
        }
    }

    #[test]
    fn numbers_after_names_spell_nothing() {
        for fine in [
            "P95",
            "p1969",
            "P1099",
            "Sem2010",
            "Lisa 2009",
            "Student 1099",
            "P0095-3",
        ] {
            assert!(check_nickname(fine).is_ok(), "{fine}");
        }
        for bad in ["hoer123", "k4nker", "sh1t", "fuck69"] {
            assert_eq!(code(bad), ErrorCode::Inappropriate, "{bad}");
        }
    }

    #[test]
    fn long_free_text_is_checked_whole() {
        let idea = "Meer pauzes tussen de lessen en een stille ruimte om te werken. ".repeat(4);
        let kept = check_text(&idea, MAX_TEXT_CHARS).unwrap();
        assert_eq!(kept.chars().count(), idea.trim().chars().count());
        let rude = format!("{} en die leraar is een kankerlijer", &idea[..200]);
        assert_eq!(
            check_text(&rude, MAX_TEXT_CHARS).unwrap_err().code,
            ErrorCode::Inappropriate
        );
        assert_eq!(
            check_text(&"a".repeat(281), MAX_TEXT_CHARS)
                .unwrap_err()
                .code,
            ErrorCode::TooLong
        );
    }

    /// Reads a measurement list: one entry a line, `#` comments.
    fn list(text: &str) -> Vec<&str> {
        text.lines()
            .map(str::trim_end)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    }

    #[test]
    fn measured_on_public_lists() {
        let abusive = list(include_str!("../tests/data/abusive.txt"));
        let names = list(include_str!("../tests/data/real-names.txt"));
        assert!(abusive.len() >= 100, "{} abusive variants", abusive.len());
        assert!(names.len() >= 1000, "{} real names", names.len());
        let missed: Vec<&str> = abusive
            .iter()
            .copied()
            .filter(|bad| !matches!(check_text(&unescape(bad), MAX_TEXT_CHARS), Err(e) if e.code == ErrorCode::Inappropriate))
            .collect();
        let refused: Vec<&str> = names
            .iter()
            .copied()
            .filter(|name| check_nickname(name).is_err())
            .collect();
        let refused_rate = 1.0 - missed.len() as f64 / abusive.len() as f64;
        let accepted_rate = 1.0 - refused.len() as f64 / names.len() as f64;
        println!(
            "abusive variants refused: {:.1} % of {} (missed: {missed:?})",
            100.0 * refused_rate,
            abusive.len()
        );
        println!(
            "real names accepted: {:.2} % of {} (refused: {refused:?})",
            100.0 * accepted_rate,
            names.len()
        );
        assert!(refused_rate >= 0.95, "missed {missed:?}");
        assert!(accepted_rate >= 0.995, "refused {refused:?}");
    }

    /// The names of `server/tests/corpus/names-by-country.txt` as a student would type them:
    /// each first name alone, with a family name of its country (a Dutch one where the source
    /// has none) and with an initial, and each family name after an initial.
    fn names_by_country() -> (usize, Vec<String>) {
        let mut first: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut family: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for line in list(include_str!("../tests/corpus/names-by-country.txt")) {
            let (head, names) = line.split_once(": ").expect("`XX kind: names`");
            let (country, kind) = head.split_once(' ').expect("`XX kind`");
            let names = names.split("; ").collect();
            match kind {
                "first" => first.push((country, names)),
                "family" => {
                    family.insert(country, names);
                }
                other => panic!("unknown kind {other}"),
            }
        }
        let initial = |name: &str| name.chars().next().map(|c| c.to_uppercase().to_string());
        let mut out = Vec::new();
        for (country, names) in &first {
            let families = family.get(country).unwrap_or(&family["NL"]);
            for (i, name) in names.iter().enumerate() {
                let surname = families[i % families.len()];
                out.push((*name).to_owned());
                out.push(format!("{name} {surname}"));
                out.push(format!("{name} {}.", initial(surname).unwrap_or_default()));
            }
        }
        for surname in family.values().flatten() {
            out.push(format!(
                "{}. {surname}",
                initial(surname).unwrap_or_default()
            ));
        }
        (first.len(), out)
    }

    #[test]
    fn real_names_of_40_countries_are_accepted() {
        let (countries, names) = names_by_country();
        assert!(countries >= 40, "{countries} countries");
        // Long names are cut by the length limit, not by the filter: only the filter counts.
        let refused: Vec<&String> = names
            .iter()
            .filter(|n| matches!(check_nickname(n), Err(e) if e.code == ErrorCode::Inappropriate))
            .collect();
        let accepted = 1.0 - refused.len() as f64 / names.len() as f64;
        println!(
            "names of {countries} countries accepted: {:.2} % of {} (refused: {refused:?})",
            100.0 * accepted,
            names.len()
        );
        assert!(accepted >= 0.995, "refused {refused:?}");
    }

    /// Measured on a list the filter's allow-list was not built from (Jörg Michael's first
    /// names, see the corpus file's header): each name alone, with a Dutch family name and
    /// after an initial.
    #[test]
    fn first_names_of_an_independent_list_are_accepted() {
        let names = list(include_str!("../tests/corpus/first-names-michael.txt"));
        assert!(names.len() >= 10_000, "{} names", names.len());
        let families = ["Jansen", "de Vries", "Bakker", "Visser", "Smit"];
        let typed: Vec<String> = names
            .iter()
            .enumerate()
            .flat_map(|(i, name)| {
                [
                    (*name).to_owned(),
                    format!("{name} {}", families[i % families.len()]),
                    format!("R. {name}"),
                ]
            })
            .collect();
        let refused: Vec<&String> = typed
            .iter()
            .filter(|n| matches!(check_nickname(n), Err(e) if e.code == ErrorCode::Inappropriate))
            .collect();
        let accepted = 1.0 - refused.len() as f64 / typed.len() as f64;
        println!(
            "first names of an independent list accepted: {:.2} % of {} (refused: {refused:?})",
            100.0 * accepted,
            typed.len()
        );
        assert!(accepted >= 0.995, "refused {refused:?}");
    }

    /// The names a class walkthrough found refused: a stem at a name's edge ("Nasir", "Adolfo")
    /// is no curse, and names the lists misread are allowed as whole words.
    #[test]
    fn names_found_refused_in_a_class_are_accepted() {
        for name in [
            "Nazlı",
            "Nasir",
            "Nazir",
            "Nazia",
            "Kumar",
            "Anaïs",
            "Annalisa",
            "Philipp",
            "Adolfo",
            "Assad",
            "Dong",
            "Hou",
            "Houari",
            "Kumiko",
            "Niloofar",
            "Hosna",
            "Shital",
            "Stefanus",
            "Dikmans",
            "Dikkers",
            "Matsushita",
            "Kuntal",
            "Shitaye",
        ] {
            for typed in [
                name.to_owned(),
                format!("{name} Yılmaz"),
                format!("A. {name}"),
            ] {
                assert!(check_nickname(&typed).is_ok(), "{typed} refused");
            }
        }
        for curse in [
            "Bitchhh",
            "bitchy",
            "whores",
            "sluts",
            "mothafucka",
            "phuck",
            "nazis",
        ] {
            assert!(check_nickname(curse).is_err(), "{curse} accepted");
        }
    }

    #[test]
    fn short_stems_inside_a_name_are_no_curse_but_compounds_are() {
        let (names, compounds): (Vec<&str>, Vec<&str>) = (
            vec![
                "Cumali",
                "Dikmen",
                "Kumari",
                "Shitara",
                "Cassandra",
                "Nasrin",
                "Assia",
            ],
            vec![
                "shithead",
                "fuckschool",
                "dumbass",
                "cumdump",
                "shitty",
                "fucking",
            ],
        );
        let refused: Vec<&&str> = names.iter().filter(|n| is_inappropriate(n)).collect();
        let passed: Vec<&&str> = compounds.iter().filter(|c| !is_inappropriate(c)).collect();
        assert!(refused.is_empty(), "names refused: {refused:?}");
        assert!(passed.is_empty(), "compounds passed: {passed:?}");
    }

    #[test]
    fn topic_words_are_read_in_context() {
        for bad in [
            "kanker",
            "kankerschool",
            "kanker leraar",
            "teringschool",
            "kamker",
            "kamker school",
            "k a m k e r",
            "kutkanker",
            "kanker en tyfus",
            "klere",
            "krijg de pest",
            "fak joe",
            "fack you",
            "\u{1F595}",
            "\u{1F595}\u{1F3FD}",
            "1488",
            "14/88",
            "Sam1488",
            "88",
        ] {
            assert_eq!(
                check_text(bad, MAX_TEXT_CHARS).unwrap_err().code,
                ErrorCode::Inappropriate,
                "{bad:?}"
            );
        }
        for fine in [
            "borstkanker",
            "over kanker",
            "Voorlichting over kanker",
            "Zorg voor mensen met kanker",
            "Seksuele voorlichting",
            "Shiitake in de kantine",
            "roken en kanker",
            "kleren wassen",
            "pesten op school",
            "Groep 88 doet mee",
        ] {
            assert!(check_text(fine, MAX_TEXT_CHARS).is_ok(), "{fine:?}");
        }
    }

    #[test]
    fn care_class_sentences_pass_and_insults_do_not() {
        let care = list(include_str!("../tests/corpus/care-sentences.txt"));
        let abusive = list(include_str!("../tests/corpus/abusive-sentences.txt"));
        assert!(care.len() >= 300 && abusive.len() >= 300);
        let inappropriate = |text: &str| matches!(check_text(text, MAX_TEXT_CHARS), Err(e) if e.code == ErrorCode::Inappropriate);
        let refused: Vec<&str> = care.iter().copied().filter(|t| inappropriate(t)).collect();
        let missed: Vec<&str> = abusive
            .iter()
            .copied()
            .filter(|t| !inappropriate(t))
            .collect();
        let accepted_rate = 1.0 - refused.len() as f64 / care.len() as f64;
        let refused_rate = 1.0 - missed.len() as f64 / abusive.len() as f64;
        println!(
            "class sentences accepted: {:.1} % of {} (refused: {refused:?})",
            100.0 * accepted_rate,
            care.len()
        );
        println!(
            "abusive sentences refused: {:.1} % of {} (missed: {missed:?})",
            100.0 * refused_rate,
            abusive.len()
        );
        assert!(accepted_rate >= 0.99, "refused {refused:?}");
        assert!(refused_rate >= 0.95, "missed {missed:?}");
    }

    /// `\u{…}` escapes in the abusive list stand for the invisible and look-alike characters.
    fn unescape(line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(at) = rest.find("\\u{") {
            out.push_str(&rest[..at]);
            let end = rest[at..].find('}').expect("closed escape") + at;
            let hex = &rest[at + 3..end];
            out.push(char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("char"));
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn generated_names_are_free_and_in_the_language() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let name = generate(&mut rng, Lang::Nl, |_| false);
        assert!(ANIMALS_NL.iter().any(|a| name.ends_with(a)), "{name}");
        let taken = |n: &str| !n.ends_with(|c: char| c.is_ascii_digit());
        let numbered = generate(&mut rng, Lang::En, taken);
        assert!(
            numbered.ends_with(|c: char| c.is_ascii_digit()),
            "{numbered}"
        );
        let refused: Vec<String> = [(ADJECTIVES_NL, ANIMALS_NL), (ADJECTIVES_EN, ANIMALS_EN)]
            .iter()
            .flat_map(|(adjectives, animals)| {
                adjectives.iter().flat_map(move |adjective| {
                    animals
                        .iter()
                        .map(move |animal| format!("{adjective} {animal}"))
                })
            })
            .filter(|name| check_nickname(name).is_err())
            .collect();
        assert!(refused.is_empty(), "generated names refused: {refused:?}");
    }
}
