//! Nicknames: validation (length, characters, a Dutch and English profanity check) and
//! generated names ("Snelle Vos", "Brave Otter") in Dutch or English.

use kring_protocol::{ErrorCode, Lang, MAX_NICKNAME_CHARS};
use rand::Rng;

use crate::room::ActError;

/// Dutch and English words that are refused in nicknames and student text: common curses,
/// insults and slurs. Matching is on normalised words (lower case, digits and symbols read as
/// the letters they imitate), and for the unambiguous ones ([`STEMS`]) also inside other words.
const WORDS: &[&str] = &[
    "kut",
    "lul",
    "hoer",
    "slet",
    "kanker",
    "tering",
    "tyfus",
    "klootzak",
    "eikel",
    "mongool",
    "debiel",
    "sukkel",
    "teringlijer",
    "kankerlijer",
    "godverdomme",
    "kutwijf",
    "flikker",
    "homo",
    "neuk",
    "pik",
    "trut",
    "wijf",
    "hufter",
    "mongol",
    "aars",
    "reet",
    "zak",
    "pokke",
    "pokken",
    "sodemieter",
    "klote",
    "kloten",
    "bitch",
    "nazi",
    "hitler",
    "fuck",
    "shit",
    "cunt",
    "dick",
    "cock",
    "pussy",
    "whore",
    "slut",
    "bastard",
    "asshole",
    "arse",
    "wanker",
    "twat",
    "retard",
    "fag",
    "faggot",
    "nigger",
    "nigga",
    "penis",
    "porn",
    "sex",
    "kkk",
];

/// Words long and unambiguous enough to refuse inside other words, too.
const STEMS: &[&str] = &[
    "kanker",
    "tering",
    "tyfus",
    "klootzak",
    "teringlijer",
    "godverdomme",
    "kutwijf",
    "flikker",
    "mongool",
    "sodemieter",
    "hitler",
    "fuck",
    "shit",
    "cunt",
    "nigger",
    "nigga",
    "whore",
    "faggot",
    "asshole",
    "wanker",
    "bitch",
    "porn",
];

/// Whether a text contains Dutch or English profanity.
pub fn is_inappropriate(text: &str) -> bool {
    let normalised: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            c if c.is_alphabetic() => c,
            _ => ' ',
        })
        .collect();
    let squeezed: String = normalised.split_whitespace().collect();
    normalised
        .split_whitespace()
        .any(|word| WORDS.contains(&word))
        || STEMS.iter().any(|stem| squeezed.contains(stem))
}

/// Checks and tidies a chosen nickname: trimmed, inner white space collapsed, 1 to
/// [`MAX_NICKNAME_CHARS`] characters, no control characters, nothing profane.
pub fn check_nickname(raw: &str) -> Result<String, ActError> {
    let nickname = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = nickname.chars().count();
    if length == 0 || length > MAX_NICKNAME_CHARS {
        return Err(ActError::new(
            ErrorCode::NicknameInvalid,
            format!("a nickname has 1 to {MAX_NICKNAME_CHARS} characters"),
        ));
    }
    if nickname.chars().any(char::is_control) {
        return Err(ActError::new(
            ErrorCode::NicknameInvalid,
            "a nickname cannot contain control characters",
        ));
    }
    if is_inappropriate(&nickname) {
        return Err(ActError::new(
            ErrorCode::Inappropriate,
            "please choose another nickname",
        ));
    }
    Ok(nickname)
}

/// The key under which nicknames are compared for uniqueness (case-insensitive).
pub fn nickname_key(nickname: &str) -> String {
    nickname.to_lowercase()
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

    #[test]
    fn nicknames_are_tidied_and_limited() {
        assert_eq!(
            check_nickname("  Sam   de  Vries ").unwrap(),
            "Sam de Vries"
        );
        assert_eq!(
            check_nickname("").unwrap_err().code,
            ErrorCode::NicknameInvalid
        );
        assert_eq!(
            check_nickname(&"x".repeat(25)).unwrap_err().code,
            ErrorCode::NicknameInvalid
        );
        assert_eq!(
            check_nickname("a\u{7}b").unwrap_err().code,
            ErrorCode::NicknameInvalid
        );
        assert!(check_nickname("Zoë").is_ok());
    }

    #[test]
    fn profanity_is_refused_in_dutch_and_english() {
        for bad in [
            "kanker",
            "K4NK3R boy",
            "tyfuslijer",
            "klootzak123",
            "fuck",
            "shithead",
        ] {
            assert_eq!(
                check_nickname(bad).unwrap_err().code,
                ErrorCode::Inappropriate,
                "{bad}"
            );
        }
        for fine in ["Sam", "Hoera", "Pikachu fan", "Anouk", "Kees"] {
            assert!(check_nickname(fine).is_ok(), "{fine}");
        }
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
    }
}
