//! What the built-in scorer says about an answer, as [`Note`]s (keys in
//! `locales/interview-scorer.yml`): feedback, hints, a one-sentence
//! explanation of the score, and at most one follow-up question.
//!
//! Follow-ups: about the first missed key point whose label has a word of its
//! own (not the question's, not a question word), phrased by one of three
//! templates chosen by a hash of the point (deterministic, and varied across
//! questions). None when every point is covered or coverage ≥ 0.85. An
//! answer that says it does not know gets a gentler prompt about the first
//! point instead of a probe. Without key points, an answer under 70 gets a
//! request for a concrete example.

use super::{Dimensions, Facts, FollowUp, KeyPoint, Note, text};

/// Follow-up templates with a `%{point}`.
const FOLLOW_UPS: &[&str] = &["interview.scorer.follow_up.how", "interview.scorer.follow_up.more", "interview.scorer.follow_up.missed"];

fn pick(point: &str) -> &'static str {
    let h = point.chars().fold(0u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32));
    FOLLOW_UPS[(h as usize) % FOLLOW_UPS.len()]
}

/// Whether `label` says something the question does not (it has a content
/// word of its own and is not a piece of the question).
pub fn askable(label: &str, question: &std::collections::BTreeSet<String>, question_text: &str) -> bool {
    if question_text.to_lowercase().contains(&label.to_lowercase()) {
        return false;
    }
    text::terms_of(label).iter().any(|(t, w)| *w >= 3.0 && !question.contains(t) && !text::GENERIC.contains(&t.as_str()))
}

pub(super) fn advise(f: &Facts<'_>, d: &Dimensions, points: &[KeyPoint], fillers: usize) -> (Vec<Note>, Vec<Note>, Note, Option<FollowUp>) {
    let mut feedback = Vec::new();
    let mut hints = Vec::new();
    let covered = points.iter().filter(|p| p.covered).count();
    let missed: Vec<&KeyPoint> = points.iter().filter(|p| !p.covered).collect();
    let first_missed = missed.iter().find(|p| askable(&p.point, f.question, f.question_text)).or(missed.first());
    let n = |v: usize| v.to_string();

    if f.injected {
        feedback.push(Note::new("interview.scorer.feedback.injection"));
    }
    if f.estimate {
        feedback.push(Note::new("interview.scorer.feedback.estimate"));
    }
    if f.dont_know {
        feedback.push(Note::new("interview.scorer.feedback.dont_know"));
    }
    if !points.is_empty() {
        if covered == points.len() {
            feedback.push(Note::new("interview.scorer.feedback.covered_all").with("total", n(points.len())));
        } else if covered > 0 {
            feedback.push(Note::new("interview.scorer.feedback.covered_some").with("covered", n(covered)).with("total", n(points.len())));
        }
        for p in missed.iter().take(3) {
            feedback.push(Note::new("interview.scorer.feedback.missed").with("point", p.point.clone()));
        }
        for p in missed.iter().take(2) {
            hints.push(Note::new("interview.scorer.hint.add_point").with("point", p.point.clone()));
        }
    }
    if f.stuffed {
        feedback.push(Note::new("interview.scorer.feedback.keywords_only"));
        hints.push(Note::new("interview.scorer.hint.sentences"));
    }
    if f.off_share > 0.35 {
        feedback.push(Note::new("interview.scorer.feedback.off_topic_part"));
        hints.push(Note::new("interview.scorer.hint.stay_on_topic"));
    } else if d.coverage < 0.15 && !f.dont_know && !f.stuffed {
        feedback.push(Note::new("interview.scorer.feedback.off_topic"));
        hints.push(Note::new("interview.scorer.hint.stay_on_topic"));
    }
    if d.structure < 0.5 && !f.dont_know {
        hints.push(Note::new(if f.behavioural { "interview.scorer.hint.star" } else { "interview.scorer.hint.structure" }));
    }
    if d.length < 0.6 && !f.stuffed {
        hints.push(Note::new("interview.scorer.hint.short"));
    }
    if fillers >= 2 {
        hints.push(Note::new("interview.scorer.hint.fillers").with("count", n(fillers)));
    }
    if let (Some(r), Some(p)) = (f.rate, d.pace)
        && p < 0.8
    {
        let (lo, hi, unit): (usize, usize, &str) = if f.english { (120, 160, "interview.scorer.unit.words_per_minute") } else { (180, 280, "interview.scorer.unit.chars_per_minute") };
        let key = if r > hi as f64 { "interview.scorer.hint.pace_fast" } else { "interview.scorer.hint.pace_slow" };
        hints.push(Note::new(key).with("rate", format!("{r:.0}")).with("unit", unit).with("low", n(lo)).with("high", n(hi)));
    }
    if f.estimate && !f.behavioural && f.score < 70 {
        hints.push(Note::new("interview.scorer.hint.example"));
    }
    if hints.is_empty() {
        feedback.push(Note::new("interview.scorer.feedback.good"));
    }

    let explanation = if f.dont_know {
        Note::new("interview.scorer.explain.dont_know")
    } else if f.stuffed && covered * 2 < points.len().max(1) {
        Note::new("interview.scorer.explain.keywords_only")
    } else if f.estimate {
        if f.behavioural {
            Note::new("interview.scorer.explain.star").with("parts", n((d.structure * 4.0).round() as usize))
        } else if d.coverage < 0.3 || f.off_share > 0.5 {
            Note::new("interview.scorer.explain.estimate_off_topic")
        } else {
            Note::new("interview.scorer.explain.estimate")
        }
    } else if f.off_share > 0.5 || (covered == 0 && d.coverage < 0.15) {
        Note::new("interview.scorer.explain.off_topic").with("total", n(points.len()))
    } else if covered == points.len() {
        Note::new("interview.scorer.explain.all").with("total", n(points.len()))
    } else {
        let p = first_missed.map_or(String::new(), |p| p.point.clone());
        if covered == 0 {
            Note::new("interview.scorer.explain.none").with("total", n(points.len())).with("point", p)
        } else {
            Note::new("interview.scorer.explain.some").with("covered", n(covered)).with("total", n(points.len())).with("point", p)
        }
    };

    let follow_up = if f.dont_know {
        points
            .iter()
            .find(|p| askable(&p.point, f.question, f.question_text))
            .map(|p| FollowUp { point: p.point.clone(), question: Note::new("interview.scorer.follow_up.gentle").with("point", p.point.clone()) })
    } else if points.is_empty() {
        (f.score < 70).then(|| FollowUp { point: String::new(), question: Note::new(if f.behavioural { "interview.scorer.follow_up.star" } else { "interview.scorer.follow_up.example" }) })
    } else if d.coverage < 0.85 {
        missed
            .iter()
            .find(|p| askable(&p.point, f.question, f.question_text))
            .map(|p| FollowUp { point: p.point.clone(), question: Note::new(pick(&p.point)).with("point", p.point.clone()) })
    } else {
        None
    };
    (feedback, hints, explanation, follow_up)
}
