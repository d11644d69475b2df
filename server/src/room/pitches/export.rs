//! A pitch round's results: every team's scores (students' and teachers' apart), the
//! feedback cards, and the report section.

use super::*;

/// A group's scores in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScoresExport {
    count: u32,
    means: Vec<f64>,
    /// How many gave 1, 2, 3, 4 and 5 stars, per criterion.
    stars: Vec<[u32; 5]>,
}

/// One team's results in the JSON export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultExport {
    team: TeamId,
    team_name: String,
    students: ScoresExport,
    teachers: ScoresExport,
}

/// A card in the JSON export (no author, sorted by text: nothing to tell who wrote it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CardExport {
    team: TeamId,
    team_name: String,
    kind: CardKind,
    text: String,
    teacher: bool,
    hidden: bool,
    released: bool,
}

/// The JSON detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    criteria: Vec<Criterion>,
    require_tops_tips: bool,
    order: Vec<TeamId>,
    results: Vec<ResultExport>,
    cards: Vec<CardExport>,
}

/// The words of the export in one language.
struct Words {
    heading: &'static str,
    students: &'static str,
    teachers: &'static str,
    criterion: &'static str,
    ratings: &'static str,
    mean: &'static str,
    top: &'static str,
    tip: &'static str,
    tops: &'static str,
    tips: &'static str,
    hidden: &'static str,
    released: &'static str,
    waiting: &'static str,
    teacher_mark: &'static str,
}

const EN: Words = Words {
    heading: "Pitches",
    students: "students",
    teachers: "teachers",
    criterion: "Criterion",
    ratings: "ratings",
    mean: "mean",
    top: "top",
    tip: "tip",
    tops: "Tops",
    tips: "Tips",
    hidden: "hidden",
    released: "sent to the team",
    waiting: "not sent",
    teacher_mark: " (teacher)",
};

const NL: Words = Words {
    heading: "Pitches",
    students: "studenten",
    teachers: "docenten",
    criterion: "Criterium",
    ratings: "beoordelingen",
    mean: "gemiddelde",
    top: "top",
    tip: "tip",
    tops: "Tops",
    tips: "Tips",
    hidden: "verborgen",
    released: "naar het team",
    waiting: "niet verstuurd",
    teacher_mark: " (docent)",
};

/// A mean with two decimals, with the decimal separator of `lang` (Dutch Excel reads commas).
fn decimal(mean: f64, lang: Lang) -> String {
    let text = format!("{mean:.2}");
    match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The name a page shows for a criterion in `lang` (built-in ones are translated).
fn criterion_name(criterion: &Criterion, lang: Lang) -> String {
    let english = match criterion.key.as_deref() {
        Some("creatief") => "Creative",
        Some("realistisch") => "Realistic",
        Some("duidelijk") => "Clear",
        _ => return criterion.name.clone(),
    };
    match lang {
        Lang::En => english.to_owned(),
        Lang::Nl => criterion.name.clone(),
    }
}

fn scores_export<'a>(
    ratings: impl Iterator<Item = &'a Rating> + Clone,
    criteria: usize,
) -> ScoresExport {
    let Scores { count, means } = scores(ratings.clone());
    let mut stars = vec![[0u32; 5]; criteria];
    for rating in ratings {
        for (counts, &s) in stars.iter_mut().zip(&rating.stars) {
            counts[(s - 1) as usize] += 1;
        }
    }
    ScoresExport {
        count,
        means,
        stars,
    }
}

pub(super) fn export(pitches: &Pitches, roster: &Roster<'_>, lang: Lang) -> KindExport {
    let w = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let team_name = |t: TeamId| {
        roster
            .teams()
            .get(t)
            .map_or_else(|| format!("Team {}", t.0), |t| t.name.clone())
    };
    let criteria = &pitches.spec.criteria;
    let names: Vec<String> = criteria.iter().map(|c| criterion_name(c, lang)).collect();
    let results: Vec<ResultExport> = pitches
        .pitches
        .iter()
        .map(|p| ResultExport {
            team: p.team,
            team_name: team_name(p.team),
            students: scores_export(p.students.values(), criteria.len()),
            teachers: scores_export(p.teachers.values(), criteria.len()),
        })
        .collect();
    let mut cards: Vec<CardExport> = pitches
        .pitches
        .iter()
        .flat_map(|p| {
            p.ratings().flat_map(move |r| {
                KINDS
                    .into_iter()
                    .filter(|k| !r.text(*k).is_empty())
                    .map(move |k| (p.team, r.host_card(p.team, k)))
            })
        })
        .map(|(team, card)| CardExport {
            team,
            team_name: team_name(team),
            kind: card.kind,
            text: card.text,
            teacher: card.teacher,
            hidden: card.hidden,
            released: card.released,
        })
        .collect();
    // Sorted, so the order says nothing about who wrote a card or when.
    cards.sort_by(|a, b| {
        (a.team, a.kind as u8, &a.text, a.teacher).cmp(&(b.team, b.kind as u8, &b.text, b.teacher))
    });

    let mut rows = Vec::new();
    for result in &results {
        for (group, scores) in [
            (w.students, &result.students),
            (w.teachers, &result.teachers),
        ] {
            if scores.count == 0 {
                continue;
            }
            for (name, mean) in names.iter().zip(&scores.means) {
                rows.push(ExportRow {
                    item: result.team_name.clone(),
                    item_text: name.clone(),
                    answer: format!("{} {group}", w.mean),
                    value: Some(decimal(*mean, lang)),
                    ..ExportRow::default()
                });
            }
            rows.push(ExportRow {
                item: result.team_name.clone(),
                answer: format!("{} {group}", w.ratings),
                value: Some(scores.count.to_string()),
                ..ExportRow::default()
            });
        }
    }
    for card in &cards {
        rows.push(ExportRow {
            item: card.team_name.clone(),
            answer: match card.kind {
                CardKind::Top => w.top,
                CardKind::Tip => w.tip,
            }
            .to_owned(),
            answer_text: card.text.clone(),
            value: Some(
                if card.hidden {
                    w.hidden
                } else if card.released {
                    w.released
                } else {
                    w.waiting
                }
                .to_owned(),
            ),
            item_text: if card.teacher { w.teachers } else { w.students }.to_owned(),
            ..ExportRow::default()
        });
    }

    let mut report = vec![Block::Heading(format!(
        "{}: {}",
        w.heading, pitches.spec.title
    ))];
    for result in &results {
        let count = |s: &ScoresExport, group: &str| format!("{group} (n = {})", s.count);
        report.push(Block::Para(result.team_name.clone()));
        let cell = |s: &ScoresExport, c: usize| {
            s.means
                .get(c)
                .map_or_else(|| "–".to_owned(), |m| decimal(*m, lang))
        };
        let table = names
            .iter()
            .enumerate()
            .map(|(c, name)| {
                vec![
                    name.clone(),
                    cell(&result.students, c),
                    cell(&result.teachers, c),
                ]
            })
            .collect();
        report.push(Block::table(
            &[
                w.criterion,
                &count(&result.students, w.students),
                &count(&result.teachers, w.teachers),
            ],
            table,
        ));
        let shown = |kind: CardKind| -> Vec<String> {
            cards
                .iter()
                .filter(|c| c.team == result.team && c.kind == kind && !c.hidden)
                .map(|c| {
                    let mark = if c.teacher { w.teacher_mark } else { "" };
                    format!("{}{mark}", c.text)
                })
                .collect()
        };
        let (tops, tips) = (shown(CardKind::Top), shown(CardKind::Tip));
        if !tops.is_empty() || !tips.is_empty() {
            let rows = (0..tops.len().max(tips.len()))
                .map(|i| {
                    vec![
                        tops.get(i).cloned().unwrap_or_default(),
                        tips.get(i).cloned().unwrap_or_default(),
                    ]
                })
                .collect();
            report.push(Block::table(&[w.tops, w.tips], rows));
        }
    }
    KindExport {
        anonymous: true,
        detail: detail(Detail {
            criteria: criteria.clone(),
            require_tops_tips: pitches.spec.require_tops_tips,
            order: pitches.pitches.iter().map(|p| p.team).collect(),
            results,
            cards,
        }),
        rows,
        report,
    }
}
