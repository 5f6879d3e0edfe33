//! The stable codes the API and the database share, as enums: stored and
//! sent as their snake_case text (`offer`, `medium`, …). Parse with
//! `str::parse` (an unknown code is `Err(UnknownCode)`), print with
//! [`as_str`](InterviewResult::as_str).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A text that is not one of an enum's codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownCode;

macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        // `rename_all` rather than a `rename` per variant: utoipa does not see
        // a `rename` whose value comes from a macro argument. Every code is
        // its variant's snake_case (a test checks each).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as stored and sent.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, UnknownCode> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err(UnknownCode),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

codes! {
    /// How an interview ended for the candidate.
    InterviewResult { Offer = "offer", Rejected = "rejected", Pending = "pending" }
}

codes! {
    /// Difficulty of an interview or a question.
    Difficulty { Easy = "easy", Medium = "medium", Hard = "hard" }
}

codes! {
    /// Language of a post or a question (`zh` covers both Chinese scripts).
    ContentLang { Zh = "zh", En = "en" }
}

codes! {
    /// Order of a 面经 list.
    ExperienceSort {
        /// Newest first (the default without `q`).
        Latest = "latest",
        /// Most favorited first.
        Popular = "popular",
        /// Highest interview evaluation first.
        TopRated = "top_rated",
        /// Most "有帮助" (helpful) votes first.
        Helpful = "helpful",
        /// Best full-text match first (the default with `q`).
        Relevance = "relevance",
    }
}

codes! {
    /// Order of the top-level comments under a post (replies stay oldest
    /// first under their comment).
    CommentSort {
        /// Oldest first, as a conversation reads (the default).
        Oldest = "oldest",
        /// Most "有帮助" (helpful) votes first, older first among equals.
        Helpful = "helpful",
    }
}

codes! {
    /// What a comment, favorite or view count is attached to
    /// (`target_type` of `comments`, `favorites` and `view_counts`).
    TargetType { Experience = "experience", Discussion = "discussion", Question = "question" }
}

codes! {
    /// What a notification tells its recipient (issue 19).
    NotificationKind {
        /// Someone replied to my comment.
        CommentReply = "comment_reply",
        /// Someone commented on my 面经.
        ExperienceComment = "experience_comment",
        /// Someone commented on my discussion.
        DiscussionComment = "discussion_comment",
        /// An administrator answered my feedback message.
        FeedbackReply = "feedback_reply",
        /// My report was handled (hidden, deleted or dismissed).
        ReportResolved = "report_resolved",
        /// My content was hidden or deleted by a moderator.
        ContentModerated = "content_moderated",
    }
}

codes! {
    /// What a notification points at.
    NotificationTarget { Comment = "comment", Experience = "experience", Discussion = "discussion", Feedback = "feedback", Report = "report" }
}

codes! {
    /// What can be reported (举报).
    ReportTarget { Experience = "experience", Discussion = "discussion", Comment = "comment" }
}

codes! {
    /// Why something was reported.
    ReportReason {
        /// Advertising, spam, repeated posts.
        Spam = "spam",
        /// Insults, harassment.
        Abuse = "abuse",
        /// Someone's personal information.
        Privacy = "privacy",
        /// Unlawful content, leaked exam papers.
        Illegal = "illegal",
        /// Not about interviews.
        OffTopic = "off_topic",
        /// Anything else (say what in `detail`).
        Other = "other",
    }
}

codes! {
    /// Where a report is in the moderation queue.
    ReportStatus {
        /// Waiting for a moderator.
        Open = "open",
        /// Handled: the content was hidden or deleted.
        Resolved = "resolved",
        /// Handled: nothing was wrong.
        Dismissed = "dismissed",
    }
}

codes! {
    /// What a moderator did about a report.
    ModerationAction {
        /// Withdrawn from everyone but its author and administrators.
        Hide = "hide",
        /// Deleted as its author would.
        Delete = "delete",
        /// Left as it is.
        Dismiss = "dismiss",
    }
}

codes! {
    /// Order of a discussion list.
    DiscussionSort {
        /// Newest first (the default without `q`).
        Latest = "latest",
        /// Most favorited first.
        Popular = "popular",
        /// Best full-text match first (the default with `q`; without `q`, newest first).
        Relevance = "relevance",
    }
}

codes! {
    /// What a bank question asks of the candidate (`questions.kind`); a
    /// round draws only the kinds it is about
    /// (`crate::features::interviews::select`), and
    /// `crate::features::questions::kind::classify` gives a new question its kind.
    QuestionKind {
        /// Knowledge of a technology or concept (the default).
        Technical = "technical",
        /// Writing code: algorithms, 手写/手撕, "implement …".
        Coding = "coding",
        /// System or component design (系统设计, "design a …").
        Design = "design",
        /// Behavioural and HR questions about the candidate (STAR answers).
        Behavioural = "behavioural",
        /// A question the candidate asks the interviewer (反问面试官); never
        /// asked in a mock interview.
        Reverse = "reverse",
    }
}

codes! {
    /// What a mock interview is (`mock_interviews.kind`).
    InterviewKind {
        /// A drill of one career or tag at one difficulty.
        Topic = "topic",
        /// One round of an interview for a target role.
        Full = "full",
        /// An interview done elsewhere, stored with its scores.
        Record = "record",
    }
}

codes! {
    /// The round a `full` mock interview plays (`mock_interviews.round`).
    InterviewRound {
        /// Technical basics.
        First = "first",
        /// Depth.
        Second = "second",
        /// Overall ability: design and behaviour.
        Third = "third",
        /// Behavioural questions only.
        Hr = "hr",
    }
}

codes! {
    /// Where a mock interview stands (`mock_interviews.status`).
    InterviewStatus { InProgress = "in_progress", Finished = "finished" }
}

codes! {
    /// Whether an account may log in (`users.status`).
    UserStatus {
        /// May log in.
        Active = "active",
        /// Blocked by an administrator; its sessions were revoked.
        Disabled = "disabled",
    }
}

codes! {
    /// A user's gender as they chose to state it (`users.gender`).
    Gender { Male = "male", Female = "female", Other = "other" }
}

codes! {
    /// What a verification code is for; a code only works for its own purpose.
    CodePurpose {
        /// Verify a phone or email at sign-up.
        Signup = "signup",
        /// Log in (an unknown phone creates an uninitialised account).
        Login = "login",
        /// Reset a forgotten password.
        ResetPassword = "reset_password",
        /// Verify a new phone or email in `PATCH /api/users/profile`.
        ChangeContact = "change_contact",
    }
}

codes! {
    /// What an uploaded file is for (`files.purpose`); it decides the
    /// file's size limit, accepted types and who may read it.
    FilePurpose {
        /// Profile picture: public.
        Avatar = "avatar",
        /// Resume attachment (PDF).
        Resume = "resume",
        /// Mock-interview answer recording.
        Recording = "recording",
        /// An image in a 面经, discussion or comment: public, like the post.
        PostImage = "post_image",
    }
}

codes! {
    /// What a draft (`drafts.kind`) is the form of.
    DraftKind { Experience = "experience", Discussion = "discussion" }
}

codes! {
    /// Where a feedback message (留言) stands (`feedback.status`).
    FeedbackStatus { Open = "open", InProgress = "in_progress", Resolved = "resolved", Closed = "closed" }
}

codes! {
    /// Where a job application stands, and the stage of one of its rounds
    /// (`applications.stage`, `application_rounds.stage`): 投递 / 笔试 /
    /// 一面 / 二面 / 三面 / HR 面 / offer / 未通过, in this order.
    ApplicationStage {
        /// 投递: applied, waiting.
        Applied = "applied",
        /// 笔试: a written or online test.
        WrittenTest = "written_test",
        /// 一面.
        FirstInterview = "first_interview",
        /// 二面.
        SecondInterview = "second_interview",
        /// 三面.
        ThirdInterview = "third_interview",
        /// HR 面.
        HrInterview = "hr_interview",
        /// An offer.
        Offer = "offer",
        /// 未通过: rejected at some point.
        Rejected = "rejected",
    }
}

codes! {
    /// How a job was applied for (`applications.channel`).
    ApplicationChannel {
        /// 内推: an employee's referral.
        Referral = "referral",
        /// 官网: the company's careers site.
        Official = "official",
        /// 招聘会: a job fair or campus talk.
        JobFair = "job_fair",
        /// 猎头: a headhunter.
        Headhunter = "headhunter",
        /// Anything else.
        Other = "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serde (and so the OpenAPI document) writes every variant as its code.
    fn serialised_as_codes<T: Serialize + std::fmt::Display>(all: &[T]) {
        for v in all {
            assert_eq!(serde_json::to_string(v).ok(), Some(format!("\"{v}\"")));
        }
    }

    #[test]
    fn every_code_is_what_serde_writes() {
        serialised_as_codes(InterviewResult::ALL);
        serialised_as_codes(Difficulty::ALL);
        serialised_as_codes(ContentLang::ALL);
        serialised_as_codes(ExperienceSort::ALL);
        serialised_as_codes(TargetType::ALL);
        serialised_as_codes(NotificationKind::ALL);
        serialised_as_codes(NotificationTarget::ALL);
        serialised_as_codes(ReportTarget::ALL);
        serialised_as_codes(ReportReason::ALL);
        serialised_as_codes(ReportStatus::ALL);
        serialised_as_codes(ModerationAction::ALL);
        serialised_as_codes(DiscussionSort::ALL);
        serialised_as_codes(InterviewKind::ALL);
        serialised_as_codes(InterviewRound::ALL);
        serialised_as_codes(InterviewStatus::ALL);
        serialised_as_codes(UserStatus::ALL);
        serialised_as_codes(Gender::ALL);
        serialised_as_codes(CodePurpose::ALL);
        serialised_as_codes(FilePurpose::ALL);
        serialised_as_codes(FeedbackStatus::ALL);
        serialised_as_codes(DraftKind::ALL);
        serialised_as_codes(QuestionKind::ALL);
        serialised_as_codes(ApplicationStage::ALL);
        serialised_as_codes(ApplicationChannel::ALL);
    }

    #[test]
    fn codes_round_trip_and_unknown_ones_are_refused() {
        for r in InterviewResult::ALL {
            assert_eq!(r.as_str().parse::<InterviewResult>(), Ok(*r));
        }
        assert_eq!("Offer".parse::<InterviewResult>(), Err(UnknownCode));
        assert_eq!(serde_json::to_string(&ExperienceSort::TopRated).ok().as_deref(), Some("\"top_rated\""));
    }
}
