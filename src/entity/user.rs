//! `users`: accounts. `account_key`/`email_key` hold the lower-cased values so
//! uniqueness ignores case on every database.

use sea_orm::entity::prelude::*;

/// One row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account: String,
    pub account_key: String,
    pub name: String,
    pub email: Option<String>,
    pub email_key: Option<String>,
    pub email_verified_at: Option<DateTimeUtc>,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    pub avatar: Option<String>,
    pub address: Option<String>,
    pub gender: Option<String>,
    pub birthday: Option<Date>,
    pub signature: Option<String>,
    pub job_status: Option<String>,
    pub highest_education: Option<String>,
    pub seniority: Option<String>,
    pub company: Option<String>,
    pub website: Option<String>,
    pub school_id: Option<i64>,
    pub major: Option<String>,
    pub student_number: Option<String>,
    pub is_admin: bool,
    pub status: String,
    pub initialized: bool,
    pub token_version: i32,
    pub last_login_at: Option<DateTimeUtc>,
    pub last_login_ip: Option<String>,
    pub deleted_at: Option<DateTimeUtc>,
    /// When the owner accepted the terms and privacy policy at sign-up; `None` for exempt or older accounts.
    pub terms_accepted_at: Option<DateTimeUtc>,
    /// Version of the terms of service accepted (`site_pages`).
    pub terms_version: Option<i32>,
    /// Version of the privacy policy accepted (`site_pages`).
    pub privacy_version: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::school::Entity", from = "Column::SchoolId", to = "super::school::Column::Id")]
    School,
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// `users.status` values.
pub mod status {
    /// May log in.
    pub const ACTIVE: &str = "active";
    /// Blocked by an admin; sessions revoked.
    pub const DISABLED: &str = "disabled";
}
