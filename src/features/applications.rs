//! The job seeker's application tracker (issue 19): applications private
//! to their owner, each with a current stage and its rounds (a stage, a
//! date and for interviews a time, notes and the questions asked), and the
//! owner's upcoming interviews for the home page.
//!
//! Rules (README, "Application tracker"):
//! - company and position 1–100 characters; channel and stage one of their
//!   codes (default `other` and `applied`); notes ≤ 5,000 characters;
//! - at most [`MAX_ROUNDS`] rounds; a round's notes ≤ 2,000 characters, at
//!   most [`MAX_QUESTIONS`] questions of ≤ 500 characters (blanks dropped);
//!   a time `HH:MM` only with a date;
//! - dates `YYYY-MM-DD` from 1990 to a year after today (an interview can
//!   be booked ahead, a typo of the year cannot);
//! - at most [`MAX_APPLICATIONS`] applications per user (409
//!   `application_limit`), besides the write limits of `applications`.
//!
//! Another user's application is answered 404, as if it did not exist.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Utc};

use crate::entity::enums::{ApplicationChannel, ApplicationStage};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::state::AppState;
use crate::store::applications::{self as store, ApplicationFields, ApplicationPatch, ApplicationRow, RoundFields, UpcomingRow};

/// Most applications one user may keep.
pub const MAX_APPLICATIONS: u64 = 1000;
/// Most rounds of one application.
pub const MAX_ROUNDS: usize = 20;
/// Most questions of one round.
pub const MAX_QUESTIONS: usize = 50;
/// Longest question, characters.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Longest notes of an application, characters.
pub const MAX_NOTES_CHARS: usize = 5000;
/// Longest notes of a round, characters.
pub const MAX_ROUND_NOTES_CHARS: usize = 2000;
/// Longest window of [`upcoming`], days.
pub const MAX_UPCOMING_DAYS: i64 = 31;

/// The stages of rounds that are appointments (笔试 and the interviews):
/// what [`upcoming`] reminds of.
pub const APPOINTMENTS: [ApplicationStage; 5] = [
    ApplicationStage::WrittenTest,
    ApplicationStage::FirstInterview,
    ApplicationStage::SecondInterview,
    ApplicationStage::ThirdInterview,
    ApplicationStage::HrInterview,
];

/// One round as the owner sends it, unchecked.
#[derive(Clone, Debug, Default)]
pub struct RoundInput {
    /// An [`ApplicationStage`] code.
    pub stage: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `HH:MM` (24-hour), needs `date`.
    pub time: Option<String>,
    pub notes: Option<String>,
    pub questions: Vec<String>,
}

/// An application as the owner sends it, unchecked. `None`: not sent (an
/// edit keeps the stored value); `Some(None)`: cleared.
#[derive(Clone, Debug, Default)]
pub struct ApplicationInput {
    pub company: Option<String>,
    pub position: Option<String>,
    /// An [`ApplicationChannel`] code.
    pub channel: Option<String>,
    /// `YYYY-MM-DD`.
    pub applied_on: Option<Option<String>>,
    /// An [`ApplicationStage`] code.
    pub stage: Option<String>,
    pub notes: Option<Option<String>>,
    /// Replaces every round.
    pub rounds: Option<Vec<RoundInput>>,
}

fn push(errors: &mut FieldErrors, field: &str, code: &'static str, params: Vec<(&'static str, String)>) {
    errors.entry(field.into()).or_default().push(FieldError { code, params });
}

fn text(errors: &mut FieldErrors, field: &str, v: Option<&String>, max: usize, required: bool) -> Option<String> {
    let v = v.map(|s| s.trim().to_owned());
    match &v {
        None if required => push(errors, field, "required", vec![]),
        Some(s) if s.is_empty() || s.chars().count() > max => push(errors, field, "length", vec![("min", "1".into()), ("max", max.to_string())]),
        _ => {}
    }
    v
}

/// Optional free text: trimmed, blank is none, at most `max` characters.
fn notes(errors: &mut FieldErrors, field: &str, v: Option<&str>, max: usize) -> Option<String> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    if v.chars().count() > max {
        push(errors, field, "max_length", vec![("max", max.to_string())]);
    }
    Some(v.to_owned())
}

fn code<T: std::str::FromStr>(errors: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<T> {
    let parsed = v?.parse::<T>().ok();
    if parsed.is_none() {
        push(errors, field, "enum_value", vec![]);
    }
    parsed
}

/// A date from 1990 to a year after today, or `None` (blank).
fn date(errors: &mut FieldErrors, field: &str, v: Option<&str>) -> Option<NaiveDate> {
    let v = v.map(str::trim).filter(|s| !s.is_empty())?;
    let latest = Utc::now().date_naive() + Duration::days(366);
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if d.year_ce().1 >= 1990 && d <= latest => Some(d),
        _ => {
            push(errors, field, "date", vec![]);
            None
        }
    }
}

fn rounds(errors: &mut FieldErrors, input: &[RoundInput]) -> Vec<RoundFields> {
    if input.len() > MAX_ROUNDS {
        push(errors, "rounds", "max_items", vec![("max", MAX_ROUNDS.to_string())]);
    }
    input
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let f = |name: &str| format!("rounds[{i}].{name}");
            let stage = code::<ApplicationStage>(errors, &f("stage"), Some(r.stage.as_str())).map_or_else(String::new, |s| s.as_str().to_owned());
            let scheduled_on = date(errors, &f("date"), r.date.as_deref());
            let scheduled_time = r.time.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|t| {
                match NaiveTime::parse_from_str(t, "%H:%M") {
                    Ok(time) if scheduled_on.is_some() => time.format("%H:%M").to_string(),
                    Ok(_) => {
                        push(errors, &f("time"), "time_needs_date", vec![]);
                        String::new()
                    }
                    Err(_) => {
                        push(errors, &f("time"), "time", vec![]);
                        String::new()
                    }
                }
            });
            let questions: Vec<String> = r.questions.iter().map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()).collect();
            if questions.len() > MAX_QUESTIONS {
                push(errors, &f("questions"), "max_items", vec![("max", MAX_QUESTIONS.to_string())]);
            }
            if questions.iter().any(|q| q.chars().count() > MAX_QUESTION_CHARS) {
                push(errors, &f("questions"), "max_length", vec![("max", MAX_QUESTION_CHARS.to_string())]);
            }
            RoundFields {
                stage,
                scheduled_on,
                scheduled_time,
                notes: notes(errors, &f("notes"), r.notes.as_deref(), MAX_ROUND_NOTES_CHARS),
                questions: serde_json::to_string(&questions).unwrap_or_else(|_| "[]".into()),
            }
        })
        .collect()
}

impl ApplicationInput {
    /// Check every field at once; with `creating`, company and position are
    /// required.
    ///
    /// # Errors
    /// 400 `validation_failed` with a reason per field (a round's field as
    /// `rounds[i].name`).
    pub fn check(&self, creating: bool) -> Result<ApplicationPatch> {
        let mut errors = FieldErrors::new();
        let company = text(&mut errors, "company", self.company.as_ref(), 100, creating);
        let position = text(&mut errors, "position", self.position.as_ref(), 100, creating);
        let channel = code::<ApplicationChannel>(&mut errors, "channel", self.channel.as_deref());
        let stage = code::<ApplicationStage>(&mut errors, "stage", self.stage.as_deref());
        let applied_on = self.applied_on.as_ref().map(|d| date(&mut errors, "applied_on", d.as_deref()));
        let notes = self.notes.as_ref().map(|n| notes(&mut errors, "notes", n.as_deref(), MAX_NOTES_CHARS));
        let rounds = self.rounds.as_ref().map(|r| rounds(&mut errors, r));
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        Ok(ApplicationPatch {
            company,
            position,
            channel: channel.map(|c| c.as_str().to_owned()),
            applied_on,
            stage: stage.map(|s| s.as_str().to_owned()),
            notes,
            rounds,
        })
    }
}

/// The applications of `user_id`, only those at `stage` when given, most
/// recently changed first.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, user_id: i64, stage: Option<ApplicationStage>) -> Result<Vec<ApplicationRow>> {
    Ok(store::list(&state.db, user_id, stage.map(ApplicationStage::as_str)).await?)
}

/// An application with the company entity its company names.
#[derive(Debug)]
pub struct Tracked {
    pub row: ApplicationRow,
    /// The company spelt as the application's company (any alias), whose
    /// page tells what interviewing there is like; `None` when no company
    /// is spelt so.
    pub company_id: Option<i64>,
}

/// `rows` with the company each names ([`crate::features::companies::find`]),
/// looked up at each read, so an admin's merge or alias edit applies at once.
/// An application never creates a company: it is private, and the companies
/// index is public.
///
/// # Errors
/// Database failures.
pub async fn with_companies(state: &AppState, rows: Vec<ApplicationRow>) -> Result<Vec<Tracked>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(with_company(state, row).await?);
    }
    Ok(out)
}

/// One application with its company, as [`with_companies`].
///
/// # Errors
/// Database failures.
pub async fn with_company(state: &AppState, row: ApplicationRow) -> Result<Tracked> {
    let company_id = crate::features::companies::find(state, &row.app.company).await?;
    Ok(Tracked { row, company_id })
}

/// Every application of `user_id` with its rounds, for a data export of
/// the user (`GET /api/users/me/export`).
///
/// # Errors
/// Database failures.
pub async fn export(state: &AppState, user_id: i64) -> Result<Vec<ApplicationRow>> {
    list(state, user_id, None).await
}

/// Application `id` of `user_id`.
///
/// # Errors
/// 404 `not_found` when the user has no such application.
pub async fn get(state: &AppState, user_id: i64, id: i64) -> Result<ApplicationRow> {
    store::get(&state.db, user_id, id).await?.ok_or(Error::NotFound)
}

/// Track a new application of `user_id`.
///
/// # Errors
/// 400 `validation_failed`; 409 `application_limit` at
/// [`MAX_APPLICATIONS`]; database failures.
pub async fn create(state: &AppState, user_id: i64, input: &ApplicationInput) -> Result<ApplicationRow> {
    let p = input.check(true)?;
    if store::count(&state.db, user_id).await? >= MAX_APPLICATIONS {
        return Err(Error::Conflict("application_limit"));
    }
    let fields = ApplicationFields {
        company: p.company.unwrap_or_default(),
        position: p.position.unwrap_or_default(),
        channel: p.channel.unwrap_or_else(|| ApplicationChannel::Other.as_str().to_owned()),
        applied_on: p.applied_on.flatten(),
        stage: p.stage.unwrap_or_else(|| ApplicationStage::Applied.as_str().to_owned()),
        notes: p.notes.flatten(),
    };
    let id = store::insert(&state.db, user_id, fields, p.rounds.unwrap_or_default(), Utc::now()).await?;
    get(state, user_id, id).await
}

/// Change application `id` of `user_id`: the sent fields; sent rounds
/// replace every round.
///
/// # Errors
/// 400 `validation_failed`; 404 `not_found` when the user has no such
/// application.
pub async fn update(state: &AppState, user_id: i64, id: i64, input: &ApplicationInput) -> Result<ApplicationRow> {
    let p = input.check(false)?;
    if !store::update(&state.db, user_id, id, p, Utc::now()).await? {
        return Err(Error::NotFound);
    }
    get(state, user_id, id).await
}

/// Delete application `id` of `user_id` with its rounds.
///
/// # Errors
/// 404 `not_found` when the user has no such application.
pub async fn delete(state: &AppState, user_id: i64, id: i64) -> Result<()> {
    if !store::delete(&state.db, user_id, id).await? {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// The written tests and interviews of `user_id` in the `days` days from
/// `from` (default: today in UTC; the UI sends the viewer's own date),
/// soonest first, leaving out applications that ended (offer or rejected).
///
/// # Errors
/// 400 `validation_failed` (`days` outside 1–[`MAX_UPCOMING_DAYS`]).
pub async fn upcoming(state: &AppState, user_id: i64, from: Option<NaiveDate>, days: Option<i64>) -> Result<Vec<UpcomingRow>> {
    let days = days.unwrap_or(7);
    if !(1..=MAX_UPCOMING_DAYS).contains(&days) {
        return Err(Error::Validation(FieldErrors::from([(
            "days".to_owned(),
            vec![FieldError { code: "range", params: vec![("min", "1".into()), ("max", MAX_UPCOMING_DAYS.to_string())] }],
        )])));
    }
    let from = from.unwrap_or_else(|| Utc::now().date_naive());
    let to = from + Duration::days(days - 1);
    let stages: Vec<&str> = APPOINTMENTS.iter().map(|s| s.as_str()).collect();
    let closed = [ApplicationStage::Offer.as_str(), ApplicationStage::Rejected.as_str()];
    Ok(store::upcoming(&state.db, user_id, from, to, &stages, &closed).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_are_checked_field_by_field() {
        let input = ApplicationInput {
            company: Some(" 字节跳动 ".into()),
            position: Some("后端".into()),
            rounds: Some(vec![
                RoundInput { stage: "first_interview".into(), date: Some("2026-12-01".into()), time: Some("9:30".into()), questions: vec![" a ".into(), " ".into()], ..Default::default() },
                RoundInput { stage: "final".into(), time: Some("10:00".into()), ..Default::default() },
            ]),
            ..Default::default()
        };
        let Err(Error::Validation(errors)) = input.check(true) else { panic!("the second round is invalid") };
        assert_eq!(errors.keys().cloned().collect::<Vec<_>>(), ["rounds[1].stage", "rounds[1].time"]);
        let mut ok = input.clone();
        ok.rounds.as_mut().unwrap().pop();
        let p = ok.check(true).unwrap();
        assert_eq!(p.company.as_deref(), Some("字节跳动"));
        let r = &p.rounds.unwrap()[0];
        assert_eq!((r.scheduled_time.as_deref(), r.questions.as_str()), (Some("09:30"), r#"["a"]"#));
    }
}
