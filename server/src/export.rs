//! Results leave the system: JSON (everything), CSV (one row per response, `;` and a UTF-8 BOM
//! so Dutch Excel opens it) and a session report in Markdown and printable HTML.
//!
//! All formats are built from one [`RoomExport`] model read from the room's state. Each
//! activity kind exports itself ([`crate::room::Kind::export`], [`KindExport`]): its JSON detail, its CSV rows
//! in the shared columns ([`ExportRow`]) and its report section ([`Block`]s). Activities that
//! hide names (a quiz with "no ranking") are exported anonymously: no participant ids or
//! nicknames in their responses and no leaderboard.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use kring_protocol::{ActivityId, ErrorCode, Lang, ParticipantId, SessionId, SessionInfo, TeamId};
use serde::Serialize;

pub use crate::room::kind_export::{Bar, Block, ExportRow, KindExport};
use crate::room::teams::role_name;
use crate::room::{ActError, RoomState};

/// A room's results, ready to be written in any format.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoomExport {
    /// The room.
    pub room: RoomInfo,
    /// Everyone who joined (removed participants included, marked).
    pub participants: Vec<ParticipantExport>,
    /// Every team the room has had (current ones first), with members and roles.
    pub teams: Vec<TeamExport>,
    /// The room's sessions, in order (a title empty: "Session N").
    pub sessions: Vec<SessionInfo>,
    /// Every activity on the agenda, in order, session by session.
    pub activities: Vec<ActivityExport>,
    /// The language of the CSV header and the report.
    #[serde(skip)]
    pub lang: Lang,
    /// The time zone of the report's times.
    #[serde(skip)]
    pub zone: TimeZone,
}

/// The room's identity.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RoomInfo {
    /// Join code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Creation time (ms since the epoch).
    pub created_at: u64,
    /// Export time (ms since the epoch).
    pub exported_at: u64,
}

/// A participant.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantExport {
    /// Id.
    pub id: ParticipantId,
    /// Nickname.
    pub nickname: String,
    /// Removed by the host.
    pub removed: bool,
    /// Current team, if any.
    pub team: Option<TeamId>,
    /// Current role card's name, if dealt.
    pub role: Option<String>,
}

/// A team.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TeamExport {
    /// Id.
    pub id: TeamId,
    /// Name.
    pub name: String,
    /// One of the room's teams now (false: replaced by a later formation).
    pub current: bool,
    /// Members (of a replaced team: as they were when it was replaced).
    pub members: Vec<ParticipantId>,
}

/// One activity's results.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ActivityExport {
    /// Activity id.
    pub id: ActivityId,
    /// Its kind, as the protocol's `kind` tag.
    pub kind: String,
    /// Title.
    pub title: String,
    /// The session whose agenda holds it.
    pub session: SessionId,
    /// Names hidden: responses carry no participant.
    pub anonymous: bool,
    /// How many responses (dots, votes, ratings, likes) of participants the host removed were
    /// voided: they count nowhere in these results.
    pub voided: u32,
    /// Everything else the kind exports (questions, proposals, ballots, …).
    #[serde(flatten)]
    pub detail: serde_json::Map<String, serde_json::Value>,
    /// Its rows in the CSV.
    #[serde(skip)]
    pub rows: Vec<ExportRow>,
    /// Its section of the report.
    #[serde(skip)]
    pub report: Vec<Block>,
    /// What came in late through its empty chair, apart from the results above (never merged
    /// into them); absent when it was never left open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_chair: Option<ChairExport>,
}

/// What came in late through an activity's empty chair.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChairExport {
    /// Open until (ms since the epoch).
    pub until: u64,
    /// Distinct late contributors.
    pub contributors: u32,
    /// The late input's results, in the kind's own export fields.
    #[serde(flatten)]
    pub detail: serde_json::Map<String, serde_json::Value>,
    /// Its rows in the CSV (marked late).
    #[serde(skip)]
    pub rows: Vec<ExportRow>,
    /// Its block of the report.
    #[serde(skip)]
    pub report: Vec<Block>,
}

impl RoomExport {
    /// Reads a room's results; `lang` is the language of the CSV header and the report, `zone`
    /// the time zone of its times.
    pub fn from_state(state: &RoomState, exported_at: u64, lang: Lang, zone: TimeZone) -> Self {
        let meta = state.meta();
        let teams = state.teams();
        let people = state.people();
        let mut team_list: Vec<TeamExport> = teams
            .all()
            .map(|t| TeamExport {
                id: t.id,
                name: t.name.clone(),
                current: t.active,
                members: t.members.clone(),
            })
            .collect();
        team_list.sort_by_key(|t| (!t.current, t.id));
        RoomExport {
            room: RoomInfo {
                code: meta.code.0.clone(),
                title: meta.title.clone(),
                created_at: meta.created_at,
                exported_at,
            },
            participants: state
                .participants()
                .iter()
                .map(|p| ParticipantExport {
                    id: p.id,
                    nickname: p.nickname.clone(),
                    removed: p.removed,
                    team: teams.team_of(p.id),
                    role: teams
                        .role_of(p.id)
                        .and_then(|r| teams.roles().get(r as usize))
                        .map(role_name),
                })
                .collect(),
            teams: team_list,
            sessions: state.session_list(),
            activities: state
                .activities()
                .map(|(id, activity)| {
                    let kind = activity.kind();
                    let spec = kind.spec();
                    let tag = serde_json::to_value(&spec)
                        .ok()
                        .and_then(|v| v.get("kind").and_then(|k| k.as_str().map(String::from)))
                        .unwrap_or_default();
                    let out = kind.export(id, &people, lang);
                    let empty_chair = state.chairs().find(|(c, _)| *c == id).map(|(_, chair)| {
                        let late = state.late_copy(chair);
                        let late = late.kind().export(id, &people, lang);
                        ChairExport {
                            until: chair.until(),
                            contributors: chair.contributors(),
                            detail: late.detail,
                            rows: late.rows,
                            report: late.report,
                        }
                    });
                    ActivityExport {
                        id,
                        kind: tag,
                        title: spec.title().to_owned(),
                        session: state.sessions().of(id),
                        anonymous: out.anonymous,
                        voided: state.voided(id),
                        detail: out.detail,
                        rows: out.rows,
                        report: out.report,
                        empty_chair,
                    }
                })
                .collect(),
            lang,
            zone,
        }
    }

    /// Keeps only one activity; an unknown id is an error.
    pub fn only(mut self, activity: ActivityId) -> Result<Self, ActError> {
        self.activities.retain(|a| a.id == activity);
        if self.activities.is_empty() {
            return Err(ActError::new(
                ErrorCode::ActivityNotFound,
                "no such activity in this room",
            ));
        }
        Ok(self)
    }

    /// Keeps only one session and its activities (its report); an unknown id is an error.
    pub fn only_session(mut self, session: SessionId) -> Result<Self, ActError> {
        self.sessions.retain(|s| s.id == session);
        if self.sessions.is_empty() {
            return Err(ActError::new(
                ErrorCode::SessionNotFound,
                "no such session in this room",
            ));
        }
        self.activities.retain(|a| a.session == session);
        Ok(self)
    }

    /// A session's name as reports and CSV show it: its title, or "Session N" (N its place
    /// in the room) when it has none, with its date after it.
    fn session_name(&self, session: SessionId) -> (String, String) {
        let place = self.sessions.iter().position(|s| s.id == session);
        let info = place.map(|i| &self.sessions[i]);
        let title = match info {
            Some(s) if !s.title.is_empty() => s.title.clone(),
            _ => {
                let word = if self.lang == Lang::Nl {
                    "Sessie"
                } else {
                    "Session"
                };
                format!("{word} {}", place.map_or(session.0 as usize, |i| i) + 1)
            }
        };
        let date = info.and_then(|s| s.date.clone()).unwrap_or_default();
        (title, date)
    }
}

/// Spreadsheets run cells starting with these as formulas; such text gets a leading `'`.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

fn cell(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The CSV header, in the export's language.
fn csv_header(lang: Lang) -> [&'static str; 17] {
    match lang {
        Lang::En => [
            "activity",
            "activity_title",
            "kind",
            "item",
            "item_text",
            "participant",
            "nickname",
            "team",
            "answer",
            "answer_text",
            "correct",
            "value",
            "time_ms",
            "session",
            "session_title",
            "session_date",
            "empty_chair",
        ],
        Lang::Nl => [
            "activiteit",
            "titel_activiteit",
            "soort",
            "onderdeel",
            "tekst_onderdeel",
            "deelnemer",
            "bijnaam",
            "team",
            "antwoord",
            "tekst_antwoord",
            "goed",
            "waarde",
            "tijd_ms",
            "sessie",
            "titel_sessie",
            "datum_sessie",
            "lege_stoel",
        ],
    }
}

/// One row per response, `;` separated, with a UTF-8 BOM.
pub fn csv(export: &RoomExport) -> anyhow::Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    writer.write_record(csv_header(export.lang))?;
    for activity in &export.activities {
        let (session_title, session_date) = export.session_name(activity.session);
        let live = activity.rows.iter().map(|r| (r, ""));
        let late = activity
            .empty_chair
            .iter()
            .flat_map(|c| c.rows.iter().map(|r| (r, "1")));
        for (r, late) in live.chain(late) {
            let optional = |v: Option<String>| v.unwrap_or_default();
            writer.write_record([
                activity.id.0.to_string(),
                cell(&activity.title),
                activity.kind.clone(),
                cell(&r.item),
                cell(&r.item_text),
                optional(r.participant.map(|p| p.0.to_string())),
                optional(r.nickname.as_deref().map(cell)),
                optional(r.team.as_deref().map(cell)),
                cell(&r.answer),
                cell(&r.answer_text),
                optional(r.correct.map(|c| if c { "1" } else { "0" }.to_owned())),
                optional(r.value.clone()),
                optional(r.time_ms.map(|t| t.to_string())),
                activity.session.0.to_string(),
                cell(&session_title),
                session_date.clone(),
                late.to_owned(),
            ])?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing CSV: {e}"))?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

/// The report's shared words in Dutch and English (kinds bring their own).
struct Words {
    room: &'static str,
    created: &'static str,
    report_of: &'static str,
    participants: &'static str,
    teams: &'static str,
    team: &'static str,
    members: &'static str,
    voided: &'static str,
    empty_chair: &'static str,
    late: &'static str,
    until: &'static str,
}

const EN: Words = Words {
    room: "Room",
    created: "created",
    report_of: "report of",
    participants: "participants",
    teams: "Teams",
    team: "Team",
    members: "Members",
    voided: "responses of removed participants voided (not counted above)",
    empty_chair: "From the empty chair",
    late: "late contributors, counted apart (not in the results above)",
    until: "open until",
};

const NL: Words = Words {
    room: "Kamer",
    created: "aangemaakt",
    report_of: "verslag van",
    participants: "deelnemers",
    teams: "Teams",
    team: "Team",
    members: "Leden",
    voided: "antwoorden van verwijderde deelnemers geschrapt (hierboven niet meegeteld)",
    empty_chair: "Uit de lege stoel",
    late: "late deelnemers, apart geteld (niet in de resultaten hierboven)",
    until: "open tot",
};

fn report(export: &RoomExport) -> Vec<Block> {
    let w = match export.lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let room = &export.room;
    let joined = export.participants.iter().filter(|p| !p.removed).count();
    let mut blocks = vec![
        Block::Title(format!("Kring — {}", room.title)),
        Block::Para(format!(
            "{} {} · {} {} · {} {} · {joined} {}",
            w.room,
            room.code,
            w.created,
            local_time(room.created_at, &export.zone),
            w.report_of,
            local_time(room.exported_at, &export.zone),
            w.participants
        )),
    ];
    let current: Vec<&TeamExport> = export.teams.iter().filter(|t| t.current).collect();
    if !current.is_empty() {
        let nickname = |p: &ParticipantId| {
            export
                .participants
                .iter()
                .find(|x| x.id == *p)
                .map(|x| match &x.role {
                    Some(role) => format!("{} ({role})", x.nickname),
                    None => x.nickname.clone(),
                })
                .unwrap_or_default()
        };
        blocks.push(Block::Heading(w.teams.into()));
        let rows = current
            .iter()
            .map(|t| {
                let members: Vec<String> = t.members.iter().map(nickname).collect();
                vec![t.name.clone(), members.join(", ")]
            })
            .collect();
        blocks.push(Block::table(&[w.team, w.members], rows));
    }
    // Activities grouped by session, each session under its title and date (in the report of
    // the whole room a session without activities, a lesson still to come, is left out).
    for session in &export.sessions {
        let mut activities = export
            .activities
            .iter()
            .filter(|a| a.session == session.id)
            .peekable();
        if activities.peek().is_none() && export.sessions.len() > 1 {
            continue;
        }
        let (title, date) = export.session_name(session.id);
        blocks.push(Block::Session(if date.is_empty() {
            title
        } else {
            format!("{title} · {date}")
        }));
        for activity in activities {
            blocks.extend(activity.report.iter().cloned());
            if activity.voided > 0 {
                blocks.push(Block::Para(format!("{} {}", activity.voided, w.voided)));
            }
            if let Some(chair) = &activity.empty_chair {
                blocks.push(Block::Heading(format!(
                    "{} — {}",
                    w.empty_chair, activity.title
                )));
                blocks.push(Block::Para(format!(
                    "{} {} · {} {}",
                    chair.contributors,
                    w.late,
                    w.until,
                    local_time(chair.until, &export.zone)
                )));
                blocks.extend(chair.report.iter().cloned());
            }
        }
    }
    blocks
}

/// Escapes text for Markdown (student text must stay text).
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The session report in Markdown.
pub fn markdown(export: &RoomExport) -> String {
    let mut out = String::new();
    for block in report(export) {
        match block {
            Block::Title(t) => out.push_str(&format!("# {}\n\n", md_escape(&t))),
            Block::Session(t) => out.push_str(&format!("## {}\n\n", md_escape(&t))),
            Block::Heading(t) => out.push_str(&format!("### {}\n\n", md_escape(&t))),
            Block::Para(t) => out.push_str(&format!("{}\n\n", md_escape(&t))),
            Block::Table { head, rows } => {
                let line = |cells: &[String]| {
                    format!(
                        "| {} |\n",
                        cells
                            .iter()
                            .map(|c| md_escape(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )
                };
                out.push_str(&line(&head));
                out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for row in rows {
                    out.push_str(&line(&row));
                }
                out.push('\n');
            }
            Block::Chart { title, bars } => {
                out.push_str(&format!("| {} | |\n|---|---|\n", md_escape(&title)));
                for bar in bars {
                    let mark = if bar.highlight { " ✓" } else { "" };
                    out.push_str(&format!(
                        "| {}{mark} | {} |\n",
                        md_escape(&bar.label),
                        bar.value
                    ));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Escapes text for HTML.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The session report as a printable HTML page.
pub fn html(export: &RoomExport) -> String {
    let mut body = String::new();
    let mut title = String::new();
    for block in report(export) {
        match block {
            Block::Title(t) => {
                title = html_escape(&t);
                body.push_str(&format!("<h1>{title}</h1>\n"));
            }
            Block::Session(t) => {
                body.push_str(&format!("<h2 class=\"session\">{}</h2>\n", html_escape(&t)))
            }
            Block::Heading(t) => body.push_str(&format!("<h3>{}</h3>\n", html_escape(&t))),
            Block::Para(t) => body.push_str(&format!("<p>{}</p>\n", html_escape(&t))),
            Block::Table { head, rows } => {
                body.push_str("<table>\n<tr>");
                for h in head {
                    body.push_str(&format!("<th>{}</th>", html_escape(&h)));
                }
                body.push_str("</tr>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for c in row {
                        body.push_str(&format!("<td>{}</td>", html_escape(&c)));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</table>\n");
            }
            Block::Chart { title, bars } => body.push_str(&svg_chart(&title, &bars)),
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>{REPORT_STYLE}</style></head>\n<body>\n{body}</body></html>\n",
        if export.lang == Lang::Nl { "nl" } else { "en" }
    )
}

/// The HTML report's one style block. Its hash is the only inline style the pages' and the
/// report's Content-Security-Policy allow (`crate::guard`).
pub const REPORT_STYLE: &str = "\
body{font:16px/1.4 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}\
table{border-collapse:collapse;margin:0 0 1.5rem}td,th{border:1px solid #999;padding:.3rem .6rem;text-align:left}\
th{background:#eee}h2{margin-top:2.5rem;break-after:avoid;border-bottom:2px solid #111}\
h3{margin-top:2rem;break-after:avoid}table{break-inside:avoid}\
@media print{body{margin:0}}";

/// `2026-11-23 11:41 CET` for ms since the epoch, in `zone`.
pub fn local_time(ms: u64, zone: &TimeZone) -> String {
    let at = Timestamp::from_millisecond(i64::try_from(ms).unwrap_or(i64::MAX))
        .unwrap_or(Timestamp::MAX)
        .to_zoned_datetime(zone.clone());
    at.strftime("%Y-%m-%d %H:%M %Z").to_string()
}

/// Colours of the report's charts: bars, the correct answer's bars, text (contrast ≥ 4.5:1 on
/// white for the text; the bars are labelled and numbered, so colour is never the only cue).
const BAR: &str = "#6b7280";
const BAR_RIGHT: &str = "#15803d";
const INK: &str = "#111111";

/// A horizontal bar chart as inline SVG: a label, a bar and its number per row.
fn svg_chart(title: &str, bars: &[Bar]) -> String {
    const ROW: u32 = 28;
    const LABEL_W: u32 = 260;
    const BAR_W: u32 = 320;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() as u32 + 8;
    let width = LABEL_W + BAR_W + 60;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" \
viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui,sans-serif\" font-size=\"14\">\n",
        html_escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4 + ROW * i as u32;
        let len = (u64::from(bar.value) * u64::from(BAR_W) / u64::from(max)) as u32;
        let label: String = bar.label.chars().take(34).collect();
        let label = if label.chars().count() < bar.label.chars().count() {
            format!("{label}…")
        } else {
            label
        };
        let mark = if bar.highlight { " ✓" } else { "" };
        let fill = if bar.highlight { BAR_RIGHT } else { BAR };
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" fill=\"{INK}\">{}{mark}</text>\
<rect x=\"{LABEL_W}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" rx=\"3\"/>\
<text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>\n",
            y + 18,
            html_escape(&label),
            y + 3,
            len.max(1),
            ROW - 8,
            LABEL_W + len + 8,
            y + 18,
            bar.value
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_in_the_schools_time_zone() {
        let amsterdam = TimeZone::get("Europe/Amsterdam").unwrap();
        assert_eq!(local_time(0, &TimeZone::UTC), "1970-01-01 00:00 UTC");
        assert_eq!(
            local_time(1_795_431_640_032, &amsterdam),
            "2026-11-23 12:00 CET"
        );
        // Summer time.
        assert_eq!(
            local_time(1_782_900_000_000, &amsterdam),
            "2026-07-01 12:00 CEST"
        );
        assert_eq!(
            local_time(951_782_400_000, &TimeZone::UTC),
            "2000-02-29 00:00 UTC"
        );
    }

    #[test]
    fn charts_are_svg_in_html_and_numbers_in_markdown() {
        let svg = svg_chart(
            "Q1 <b>",
            &[
                Bar {
                    label: "A <script>".into(),
                    value: 3,
                    highlight: true,
                },
                Bar {
                    label: "B".into(),
                    value: 0,
                    highlight: false,
                },
            ],
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("A &lt;script&gt; ✓"));
        assert!(!svg.contains("<script"));
        assert!(!svg.contains('█'));
    }

    #[test]
    fn student_text_stays_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("Sam"), "Sam");
        assert_eq!(
            html_escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(md_escape("a|b <i>"), "a\\|b \\<i\\>");
    }
}
