//! What an organiser prepares for a quiz: its limits and the check of a spec against them.

use super::*;

/// Most questions in one quiz.
pub const MAX_QUESTIONS: usize = 100;
/// Longest question text, in characters.
pub const MAX_QUESTION_CHARS: usize = 300;
/// Longest option text, in characters.
pub const MAX_OPTION_CHARS: usize = 120;
/// Longest quiz title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// Shortest and longest time limit per question, in seconds.
pub const TIME_LIMIT_SECS: std::ops::RangeInclusive<u32> = 5..=600;
/// How many names a leaderboard or podium shows.
pub const TOP_N: usize = 5;

/// Checks a quiz spec against the product's limits; the message says what is wrong and where.
pub fn validate(spec: &QuizSpec) -> Result<(), ActError> {
    let err = |msg: String| Err(ActError::invalid_spec(msg));
    check_title(&spec.title, "title", MAX_TITLE_CHARS)?;
    if spec.questions.is_empty() || spec.questions.len() > MAX_QUESTIONS {
        return err(format!("a quiz has 1 to {MAX_QUESTIONS} questions"));
    }
    for (i, q) in spec.questions.iter().enumerate() {
        let n = i + 1;
        if q.text.trim().is_empty() || q.text.chars().count() > MAX_QUESTION_CHARS {
            return err(format!(
                "question {n}: the text must have 1 to {MAX_QUESTION_CHARS} characters"
            ));
        }
        if !(2..=6).contains(&q.options.len()) {
            return err(format!("question {n}: a question has 2 to 6 options"));
        }
        if let Some(o) = q
            .options
            .iter()
            .position(|o| o.trim().is_empty() || o.chars().count() > MAX_OPTION_CHARS)
        {
            return err(format!(
                "question {n}, option {}: an option has 1 to {MAX_OPTION_CHARS} characters",
                o + 1
            ));
        }
        if q.correct.is_empty() {
            return err(format!("question {n}: mark at least one option as correct"));
        }
        if q.correct.iter().any(|&c| c as usize >= q.options.len()) {
            return err(format!(
                "question {n}: a correct answer points to an option that does not exist"
            ));
        }
        if !TIME_LIMIT_SECS.contains(&q.time_limit_secs) {
            return err(format!(
                "question {n}: the time limit must be {} to {} seconds",
                TIME_LIMIT_SECS.start(),
                TIME_LIMIT_SECS.end()
            ));
        }
    }
    Ok(())
}
