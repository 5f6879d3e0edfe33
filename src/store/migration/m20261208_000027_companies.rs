//! Companies become entities (issue 19): `companies (id, name)` with
//! `company_aliases (company_id, alias, alias_key UNIQUE)`, and
//! `experiences.company_id` pointing at one. 字节跳动, 字节, ByteDance and
//! "ByteDance/TikTok" were four names of one company; they are aliases now.
//!
//! `up` seeds the big employers with their common aliases ([`SEED`]), then
//! maps every distinct `experiences.company` spelling (deleted posts
//! included, so an undeleted post has its company): a spelling whose key is
//! an alias joins that company, any other becomes a company of its own
//! (named after its most used spelling). The key is [`alias_key`], a frozen
//! copy of `crate::features::companies::alias_key` (NFKC, lower case, no
//! white space): later changes to the rule come as new migrations.
//! `down` drops the column and both tables.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use sea_orm_migration::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::{create_table, indexes, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    Name,
}

#[derive(DeriveIden)]
enum CompanyAliases {
    Table,
    Id,
    CompanyId,
    Alias,
    AliasKey,
}

/// Canonical names and their aliases, as of this migration.
const SEED: &[(&str, &[&str])] = &[
    ("字节跳动", &["字节", "ByteDance", "ByteDance/TikTok", "TikTok", "抖音", "字节跳动（ByteDance）"]),
    ("阿里巴巴", &["阿里", "Alibaba", "阿里巴巴集团", "Alibaba Group", "淘宝", "天猫", "阿里云", "Aliyun"]),
    ("蚂蚁集团", &["蚂蚁", "蚂蚁金服", "Ant Group", "Ant Financial"]),
    ("腾讯", &["Tencent", "鹅厂", "腾讯科技", "微信", "WeChat"]),
    ("美团", &["Meituan", "美团点评"]),
    ("百度", &["Baidu"]),
    ("京东", &["JD", "JD.com", "京东集团", "京东科技"]),
    ("华为", &["Huawei", "华为技术"]),
    ("小米", &["Xiaomi", "小米集团"]),
    ("网易", &["NetEase", "网易游戏", "网易有道"]),
    ("拼多多", &["PDD", "Pinduoduo", "Temu"]),
    ("快手", &["Kuaishou"]),
    ("滴滴", &["DiDi", "滴滴出行", "Didi Chuxing"]),
    ("携程", &["Ctrip", "Trip.com", "携程旅行"]),
    ("哔哩哔哩", &["B站", "bilibili"]),
    ("米哈游", &["miHoYo", "HoYoverse"]),
    ("饿了么", &["Ele.me"]),
    ("好未来", &["好未来（学而思）", "学而思", "TAL"]),
    ("顺丰", &["SF Express", "顺丰科技"]),
    ("海康威视", &["Hikvision"]),
    ("大疆", &["DJI"]),
    ("商汤科技", &["商汤", "SenseTime"]),
    ("Microsoft", &["微软", "MSFT", "微软中国"]),
    ("Google", &["谷歌", "Alphabet"]),
    ("Amazon", &["亚马逊", "AWS", "Amazon Web Services"]),
    ("Apple", &["苹果"]),
    ("Meta", &["Facebook", "Meta/Facebook", "FB", "脸书"]),
    ("X", &["X/Twitter", "Twitter", "推特"]),
    ("Netflix", &["奈飞"]),
    ("Oracle", &["甲骨文"]),
    ("Intel", &["英特尔"]),
    ("NVIDIA", &["英伟达"]),
    ("Salesforce", &[]),
    ("LinkedIn", &["领英"]),
    ("PayPal", &[]),
    ("Walmart", &["Walmart Labs", "沃尔玛", "Walmart Global Tech"]),
    ("SAP", &["SAP Labs"]),
    ("Samsung", &["三星", "Samsung Research Institute", "Samsung Research"]),
    ("JPMorgan Chase", &["JPMC", "JP Morgan", "J.P. Morgan", "摩根大通"]),
    ("D. E. Shaw", &["DE Shaw"]),
    ("Uber", &[]),
    ("Airbnb", &["爱彼迎"]),
];

/// Frozen copy of `crate::features::companies::alias_key`: NFKC (full-width
/// forms become their ASCII letters), lower case, white space removed.
fn alias_key(name: &str) -> String {
    name.nfkc().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).collect()
}

#[derive(FromQueryResult)]
struct Spelling {
    company: String,
    n: i64,
}

#[derive(FromQueryResult)]
struct Id {
    id: i64,
}

/// Insert company `name` and return its id (the highest id of that name:
/// this migration is the only writer).
async fn insert_company<C: ConnectionTrait>(db: &C, name: &str, now: chrono::DateTime<chrono::Utc>) -> Result<i64, DbErr> {
    let b = db.get_database_backend();
    let insert = Query::insert()
        .into_table(Companies::Table)
        .columns([Companies::Name.into_iden(), Alias::new("created_at").into_iden(), Alias::new("updated_at").into_iden()])
        .values_panic([name.into(), now.into(), now.into()])
        .to_owned();
    db.execute(&insert).await?;
    let select = Query::select().expr_as(Expr::col(Companies::Id).max(), Alias::new("id")).from(Companies::Table).and_where(Expr::col(Companies::Name).eq(name)).to_owned();
    Id::find_by_statement(b.build(&select)).one(db).await?.map(|r| r.id).ok_or_else(|| DbErr::Custom(format!("company {name} was not inserted")))
}

async fn insert_alias<C: ConnectionTrait>(db: &C, company: i64, alias: &str, key: &str, now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table(CompanyAliases::Table)
        .columns([CompanyAliases::CompanyId.into_iden(), CompanyAliases::Alias.into_iden(), CompanyAliases::AliasKey.into_iden(), Alias::new("created_at").into_iden(), Alias::new("updated_at").into_iden()])
        .values_panic([company.into(), alias.into(), key.into(), now.into(), now.into()])
        .to_owned();
    db.execute(&insert).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let db = manager.get_connection();
        let mut t = create_table(b, Companies::Table);
        t.col(ColumnDef::new(Companies::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Companies::Name).string_len(100).not_null());
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        let mut t = create_table(b, CompanyAliases::Table);
        t.col(ColumnDef::new(CompanyAliases::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(CompanyAliases::CompanyId).big_integer().not_null())
            .col(ColumnDef::new(CompanyAliases::Alias).string_len(100).not_null())
            .col(ColumnDef::new(CompanyAliases::AliasKey).string_len(100).not_null())
            .foreign_key(ForeignKey::create().from(CompanyAliases::Table, CompanyAliases::CompanyId).to(Companies::Table, Companies::Id).on_delete(ForeignKeyAction::Cascade));
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(Index::create().name("company_aliases_key").table(CompanyAliases::Table).col(CompanyAliases::AliasKey).unique().to_owned())
            .await?;
        indexes(manager, "company_aliases", &[("company_aliases_company", &["company_id"])]).await?;
        manager
            .alter_table(Table::alter().table(Alias::new("experiences")).add_column(ColumnDef::new(Alias::new("company_id")).big_integer().null()).to_owned())
            .await?;
        // A company's live posts newest first (its page's list and counts),
        // and the columns its statistics group by, so that aggregate reads
        // the index alone (no ~6 KB row per post).
        indexes(
            manager,
            "experiences",
            &[
                ("experiences_company_live", &["company_id", "deleted_at", "id"]),
                ("experiences_company_stats", &["company_id", "deleted_at", "interview_result", "interview_difficulty", "interview_evaluation", "interview_date", "created_at"]),
            ],
        )
        .await?;

        let now = chrono::Utc::now();
        let mut by_key: HashMap<String, i64> = HashMap::new();
        for (name, aliases) in SEED {
            let id = insert_company(db, name, now).await?;
            for a in std::iter::once(name).chain(aliases.iter()) {
                let key = alias_key(a);
                if by_key.insert(key.clone(), id).is_none() {
                    insert_alias(db, id, a, &key, now).await?;
                }
            }
        }
        // Most used spelling first, so it names a company it creates.
        let spellings = Spelling::find_by_statement(Statement::from_string(b, "SELECT company, COUNT(*) AS n FROM experiences GROUP BY company")).all(db).await?;
        let mut spellings: Vec<Spelling> = spellings;
        spellings.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.company.cmp(&b.company)));
        for s in spellings {
            let name = s.company.trim();
            let key = alias_key(name);
            if key.is_empty() {
                continue;
            }
            let id = match by_key.get(&key) {
                Some(&id) => id,
                None => {
                    let id = insert_company(db, name, now).await?;
                    insert_alias(db, id, name, &key, now).await?;
                    by_key.insert(key, id);
                    id
                }
            };
            let update = Query::update()
                .table(Alias::new("experiences"))
                .value(Alias::new("company_id"), id)
                .and_where(Expr::col(Alias::new("company")).eq(s.company.as_str()))
                .to_owned();
            db.execute(&update).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["experiences_company_live", "experiences_company_stats"] {
            manager.drop_index(Index::drop().name(name).table(Alias::new("experiences")).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Alias::new("experiences")).drop_column(Alias::new("company_id")).to_owned()).await?;
        manager.drop_table(Table::drop().table(CompanyAliases::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Companies::Table).to_owned()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_width_and_spaces() {
        assert_eq!(alias_key("ByteDance / TikTok"), alias_key("bytedance/tiktok"));
        assert_eq!(alias_key("ＢｙｔｅＤａｎｃｅ"), "bytedance");
        assert_eq!(alias_key("好未来（学而思）"), "好未来(学而思)");
    }

    #[test]
    fn no_alias_is_seeded_twice() {
        let mut seen = std::collections::HashSet::new();
        for (name, aliases) in SEED {
            for a in std::iter::once(name).chain(aliases.iter()) {
                assert!(seen.insert(alias_key(a)), "{a} appears twice");
            }
        }
    }
}
