//! Quiz import from CSV, as a spreadsheet exports it.
//!
//! One row per question under a header row. Columns, by name (English or Dutch, any case, any
//! order): `question`/`vraag`, `time_limit`/`tijd` (seconds, optional, default 20),
//! `correct`/`juist` (1-based option numbers, several joined by `|`), and `option1` … `option6`
//! /`optie1` … `optie6` (empty cells are skipped). Optional: `type`/`soort` (`one`/`een` for one
//! answer, the default; `all`/`alle` for "select all that apply") and `title`/`titel` (the first
//! filled cell titles the quiz, over the title the importer suggests, such as the file's name).
//! The separator is `,` or `;` (Dutch Excel), whichever the header uses; a UTF-8 BOM is ignored.

use kring_protocol::{AnswerMode, QuestionSpec, QuizSpec};

use crate::room::ActError;
use crate::room::quiz;

/// Default time limit when the column is missing or empty, in seconds.
const DEFAULT_TIME_LIMIT: u32 = 20;

/// Parses a quiz from CSV text; the error names the row and column at fault. `title` names the
/// quiz when the file has no `title` column of its own.
pub fn quiz_from_csv(text: &str, title: &str) -> Result<QuizSpec, ActError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ActError::invalid_spec(format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.to_lowercase().replace([' ', '-'], "_"))
        .collect();
    let column = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let question_col = column(&["question", "vraag"])
        .ok_or_else(|| ActError::invalid_spec("the header needs a \"question\" column"))?;
    let correct_col = column(&["correct", "juist", "goed"])
        .ok_or_else(|| ActError::invalid_spec("the header needs a \"correct\" column"))?;
    let time_col = column(&["time_limit", "time", "tijd", "tijdslimiet"]);
    let mode_col = column(&["type", "soort", "mode"]);
    let title_col = column(&["title", "titel"]);
    let mut file_title: Option<String> = None;
    let option_cols: Vec<usize> = (1..=6)
        .filter_map(|n| {
            column(&[
                &format!("option{n}"),
                &format!("optie{n}"),
                &format!("antwoord{n}"),
            ])
        })
        .collect();
    if option_cols.len() < 2 {
        return Err(ActError::invalid_spec(
            "the header needs option1 and option2 columns (up to option6)",
        ));
    }
    let mut questions = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| ActError::invalid_spec(format!("row {line}: {e}")))?;
        let cell = |col: usize| row.get(col).unwrap_or("").to_owned();
        if row.iter().all(str::is_empty) {
            continue;
        }
        if let Some(col) = title_col
            && file_title.is_none()
            && !cell(col).is_empty()
        {
            file_title = Some(cell(col));
        }
        if cell(question_col).is_empty() && option_cols.iter().all(|&c| cell(c).is_empty()) {
            // A row that only carries the title.
            continue;
        }
        let mode = match mode_col
            .map(cell)
            .unwrap_or_default()
            .to_lowercase()
            .as_str()
        {
            "" | "one" | "een" | "één" | "1" => AnswerMode::One,
            "all" | "alle" | "multi" | "meer" => AnswerMode::All,
            _ => {
                return Err(ActError::invalid_spec(format!(
                    "row {line}: \"type\" is one (one answer) or all (select all that apply)"
                )));
            }
        };
        // Options keep their column numbers for `correct`, so empty cells are only allowed at the end.
        let mut options: Vec<String> = option_cols.iter().map(|&c| cell(c)).collect();
        while options.last().is_some_and(String::is_empty) {
            options.pop();
        }
        let correct = cell(correct_col)
            .split(['|', '/', ' ', ','])
            .filter(|s| !s.is_empty())
            .map(|s| match s.parse::<u32>() {
                Ok(n) if n >= 1 => Ok(n - 1),
                _ => Err(ActError::invalid_spec(format!(
                    "row {line}: \"correct\" holds option numbers from 1, like 2 or 1|3"
                ))),
            })
            .collect::<Result<Vec<u32>, _>>()?;
        let time_limit_secs = match time_col.map(cell).filter(|s| !s.is_empty()) {
            None => DEFAULT_TIME_LIMIT,
            Some(s) => s.parse().map_err(|_| {
                ActError::invalid_spec(format!("row {line}: the time limit is a number of seconds"))
            })?,
        };
        questions.push(QuestionSpec {
            text: cell(question_col),
            options,
            correct,
            time_limit_secs,
            mode,
        });
    }
    let spec = QuizSpec {
        title: file_title.unwrap_or_else(|| title.to_owned()),
        no_ranking: false,
        team_mode: false,
        questions,
    };
    quiz::validate(&spec)?;
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_example_file() {
        let spec = quiz_from_csv(include_str!("../../examples/quiz.csv"), "Voorbeeld").unwrap();
        assert_eq!(spec.questions.len(), 3);
        assert_eq!(spec.questions[0].options.len(), 4);
        assert!(spec.questions.iter().all(|q| !q.correct.is_empty()));
    }

    #[test]
    fn reads_dutch_excel_with_semicolons_bom_and_quotes() {
        let csv = "\u{feff}Vraag;Tijd;Juist;Optie1;Optie2;Optie3\n\"Hoofdstad; van NL?\";15;2;Rotterdam;Amsterdam;\n";
        let spec = quiz_from_csv(csv, "Quiz").unwrap();
        let q = &spec.questions[0];
        assert_eq!(q.text, "Hoofdstad; van NL?");
        assert_eq!(q.options, vec!["Rotterdam", "Amsterdam"]);
        assert_eq!((q.correct.clone(), q.time_limit_secs), (vec![1], 15));
    }

    #[test]
    fn several_correct_answers_and_clear_errors() {
        let ok = quiz_from_csv(
            "question,correct,option1,option2,option3\nEven?,1|3,2,3,4\n",
            "Q",
        )
        .unwrap();
        assert_eq!(ok.questions[0].correct, vec![0, 2]);
        assert_eq!(ok.questions[0].time_limit_secs, DEFAULT_TIME_LIMIT);
        let err = quiz_from_csv("question,correct,option1,option2\nA?,0,x,y\n", "Q").unwrap_err();
        assert!(err.message.contains("row 2"), "{}", err.message);
        let err = quiz_from_csv("question,correct,option1,option2\nA?,3,x,y\n", "Q").unwrap_err();
        assert!(err.message.contains("question 1"), "{}", err.message);
        assert!(quiz_from_csv("vraag,optie1\n", "Q").is_err());
    }

    #[test]
    fn select_all_questions_and_the_files_own_title() {
        let spec = quiz_from_csv(
            "titel;vraag;soort;juist;optie1;optie2;optie3\nKennismaking MZ2B;;;;;;\n;Even?;alle;1|3;2;3;4\n;Hoofdstad?;;2;Rotterdam;Amsterdam;\n",
            "quiz",
        )
        .unwrap();
        assert_eq!(spec.title, "Kennismaking MZ2B");
        assert_eq!(spec.questions.len(), 2);
        assert_eq!(spec.questions[0].mode, AnswerMode::All);
        assert_eq!(spec.questions[0].correct, vec![0, 2]);
        assert_eq!(spec.questions[1].mode, AnswerMode::One);
        let untitled =
            quiz_from_csv("question,correct,option1,option2\nA?,1,x,y\n", "quiz").unwrap();
        assert_eq!(untitled.title, "quiz");
        let err = quiz_from_csv(
            "question,type,correct,option1,option2\nA?,some,1,x,y\n",
            "Q",
        )
        .unwrap_err();
        assert!(err.message.contains("row 2"), "{}", err.message);
    }
}
