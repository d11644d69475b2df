//! Words read in their context: a care class writes about *kanker*, *seks* and *soa's* every
//! week, and students curse with the same words. [`read`] tells the two apart before the
//! word lists see the text:
//!
//! - A Dutch disease curse (*kanker*, *tering*, *tyfus*, *klere*, *pleuris*, also spelled
//!   *kamker*, *k4nker*, *k a n k e r*) is an insult alone, in front of another word as a
//!   compound (*kankerschool*, *teringlijer*) or before a noun (*kanker leraar*), and after
//!   *krijg (de)*. It is a topic as the end of a compound (*borstkanker*), in a compound of
//!   the medical words (*kankeronderzoek*, *kankerpatiënt*) and beside the words that make
//!   it one (*over kanker*, *met kanker*, *kanker is ...*, *kanker en werk*).
//! - Sexual-health words (*seks*, *seksuele*, *condoom*, *soa*, *penis*, ...) are a topic in
//!   a text of two words or more; alone (a nickname) they stay with the word lists.
//! - Ordinary Dutch words that the English list reads as curses (*hoe* "how", *klant*
//!   "customer") are words.
//! - Near-spellings of "fuck you" (*fak joe*, *fack you*) are insults, and so are threats and
//!   incitement in plain words (*ik maak je af*, *hang jezelf op*).
//!
//! Topic words are left out of the text the word lists then check, so *Voorlichting over
//! kanker* is checked as *Voorlichting over*, and *kanker leraar* never reaches them.

/// Dutch diseases used as curses, in their near-spellings (after [`bare`]).
const DISEASES: &[&str] = &[
    "kanker", "kamker", "kenker", "kankr", "kankur", "kanke", "tering", "tiering", "tyfus",
    "tiefus", "tyfes", "klere", "kolere", "pleuris", "pest", "cholera",
];

/// The curses among [`DISEASES`] that are no ordinary word alone ("pest" is bullying,
/// "cholera" a disease: insults only after "krijg").
fn curse_alone(disease: &str) -> bool {
    !matches!(disease, "pest" | "cholera")
}

/// Words before a disease that make it a topic: "over kanker", "mensen met kanker".
const TOPIC_BEFORE: &[&str] = &[
    "over",
    "met",
    "aan",
    "tegen",
    "bij",
    "van",
    "voor",
    "na",
    "door",
    "heeft",
    "had",
    "hebben",
    "hadden",
    "tijdens",
    "zoals",
    "en",
    "of",
    "rond",
    "omtrent",
    "uitgezaaide",
    "ongeneeslijke",
    "erfelijke",
    "beginnende",
    "agressieve",
];

/// Words after a disease that make it a topic: "kanker is geen ...", "kanker en werk".
const TOPIC_AFTER: &[&str] = &[
    "is",
    "en",
    "bij",
    "wordt",
    "heeft",
    "had",
    "kan",
    "mag",
    "in",
    "of",
    "na",
    "door",
    "was",
    "zijn",
    "komt",
    "voorkomen",
    "behandelen",
    "herkennen",
    "ontstaat",
];

/// Medical words a disease is the first part of: "kankeronderzoek", "kankerpatiënt".
const MEDICAL_AFTER: &[&str] = &[
    "onderzoek",
    "patient",
    "centrum",
    "behandeling",
    "verwekkend",
    "cel",
    "fonds",
    "soort",
    "zorg",
    "risico",
    "screening",
    "bestrijding",
    "afdeling",
    "gezwel",
    "diagnose",
    "medicijn",
    "preventie",
    "specialist",
    "verpleegkundige",
    "therapie",
];

/// Sexual-health words: a topic in a sentence, not alone.
const HEALTH: &[&str] = &[
    "seks",
    "sex",
    "seksueel",
    "seksuele",
    "seksualiteit",
    "homoseksueel",
    "homoseksuele",
    "heteroseksueel",
    "heteroseksuele",
    "biseksueel",
    "biseksuele",
    "condoom",
    "condooms",
    "soa",
    "soas",
    "penis",
    "vagina",
    "sexting",
    "nude",
    "nudes",
    "anticonceptie",
    "intimiteit",
];

/// Ordinary Dutch words the English list reads as curses ("hoe" is "how").
const ORDINARY: &[&str] = &["hoe", "klant", "klanten", "klantenservice", "shiitake"];

/// Threats and incitement in plain words, as runs of bare words ([`bare`]): no single word of
/// them is a curse, together they are.
const THREATS: &[&[&str]] = &[
    &["maak", "je", "af"],
    &["steek", "je", "neer"],
    &["schiet", "je", "neer"],
    &["je", "verkrachten"],
    &["hang", "jezelf", "op"],
    &["spring", "van", "een", "brug"],
    &["moeten", "dood"],
    &["moet", "dood"],
    &["dood", "aan", "de"],
    &["kill", "yourself"],
    &["kill", "urself"],
    &["go", "die"],
    &["doe", "het", "gewoon", "zelfmoord"],
    &["pleeg", "zelfmoord"],
    &["plegen", "doe", "het"],
];

/// Near-spellings of "fuck" followed by "you" make an insult.
const FUCK: &[&str] = &["fak", "fack", "fuk", "fuc", "phuck", "fok", "fck", "fuq"];
/// See [`FUCK`].
const YOU: &[&str] = &["you", "joe", "jou", "ju", "u", "yu", "yoe", "jij"];

/// A word as the rules read it: lower case, letters only, without accents, digits read as the
/// letters they stand for (`k4nk3r`), a letter repeated three times or more once
/// (`kankerrr`).
fn bare(word: &str) -> String {
    let mut out = String::new();
    let mut run = 0;
    for c in super::without_accents(&word.to_lowercase()).chars() {
        let c = match c {
            '4' | '@' => 'a',
            '3' => 'e',
            '1' => 'i',
            '0' => 'o',
            '5' | '$' => 's',
            '7' => 't',
            c => c,
        };
        if !c.is_alphabetic() {
            continue;
        }
        run = if out.ends_with(c) { run + 1 } else { 1 };
        out.push(c);
        if run == 3 {
            out.pop();
            out.pop();
        } else if run > 3 {
            out.pop();
        }
    }
    out
}

/// The disease a bare word starts with, if any.
fn disease_prefix(word: &str) -> Option<&'static str> {
    let collapsed = |d: &str| bare(d);
    DISEASES
        .iter()
        .copied()
        .filter(|d| word.starts_with(&collapsed(d)))
        .max_by_key(|d| d.len())
}

/// How a text's words read: `None` when one is an insult, else the runs of words between its
/// topic words (for the word lists to check, each run apart).
pub(super) fn read(text: &str) -> Option<Vec<String>> {
    let words: Vec<String> = super::dutch_words(text).collect();
    let bares: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let multi = bares.iter().filter(|b| !b.is_empty()).count() >= 2;
    let is = |i: usize, list: &[&str]| {
        bares
            .get(i)
            .is_some_and(|b| list.iter().any(|w| bare(w) == *b))
    };
    if THREATS.iter().any(|threat| {
        bares
            .windows(threat.len())
            .any(|window| window.iter().zip(threat.iter()).all(|(b, t)| *b == bare(t)))
    }) {
        return None;
    }
    let mut runs: Vec<Vec<String>> = vec![Vec::new()];
    for (i, (word, b)) in words.iter().zip(&bares).enumerate() {
        if is(i, FUCK) && is(i + 1, YOU) {
            return None;
        }
        if let Some(disease) = disease_prefix(b) {
            let rest = &b[bare(disease).len()..];
            let after_krijg = i > 0
                && (is(i - 1, &["krijg", "krijgt"])
                    || (is(i - 1, &["de"]) && i > 1 && is(i - 2, &["krijg", "krijgt"])));
            if after_krijg {
                return None;
            }
            if rest.is_empty() {
                // "en"/"of" make a topic of a disease only beside a word that is none
                // ("roken en kanker", not "kanker en tyfus").
                let disease_at =
                    |j: usize| bares.get(j).is_some_and(|x| disease_prefix(x).is_some());
                let joins = ["en", "of"];
                let before = i > 0
                    && is(i - 1, TOPIC_BEFORE)
                    && !(is(i - 1, &joins) && i > 1 && disease_at(i - 2));
                let after = is(i + 1, TOPIC_AFTER) && !(is(i + 1, &joins) && disease_at(i + 2));
                let topic = before || after;
                if topic || !curse_alone(disease) {
                    runs.push(Vec::new());
                    continue;
                }
                return None;
            }
            if MEDICAL_AFTER.iter().any(|m| rest.starts_with(&bare(m))) {
                runs.push(Vec::new());
                continue;
            }
            // "kleren" (clothes), "pesten" (bullying), "pestkop": words of their own.
            if curse_alone(disease) && !(disease == "klere" && rest.starts_with('n')) {
                return None;
            }
        } else if let Some(disease) = DISEASES
            .iter()
            .filter(|d| curse_alone(d))
            .map(|d| bare(d))
            .find(|d| b.len() > d.len() && b.ends_with(d.as_str()))
        {
            // "borstkanker", "darmkanker": the disease as a topic; the words check what comes
            // before it ("kutkanker" stays refused).
            runs.push(vec![b[..b.len() - disease.len()].to_owned()]);
            runs.push(Vec::new());
            continue;
        }
        if is(i, ORDINARY) || (multi && is(i, HEALTH)) {
            runs.push(Vec::new());
            continue;
        }
        runs.last_mut()
            .expect("one run at least")
            .push(word.clone());
    }
    Some(
        runs.into_iter()
            .filter(|run| !run.is_empty())
            .map(|run| run.join(" "))
            .collect(),
    )
}
