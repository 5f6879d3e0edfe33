//! sea-orm entities: the storage shape of each table. These never leave the
//! process as JSON; the API has its own request/response types.

pub mod app_setting;
pub mod application;
pub mod application_round;
pub mod career;
pub mod comment;
pub mod company;
pub mod company_alias;
pub mod enums;
pub mod discussion;
pub mod discussion_tag;
pub mod draft;
pub mod experience;
pub mod favorite;
pub mod feedback;
pub mod file;
pub mod mock_interview;
pub mod mock_interview_answer;
pub mod notification;
pub mod question;
pub mod question_company;
pub mod question_note;
pub mod question_tag;
pub mod report;
pub mod resume;
pub mod school;
pub mod session;
pub mod site_page;
pub mod tag;
pub mod user;
