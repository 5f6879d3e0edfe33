//! Seeds the careers (job directions) and schools lists. Careers follow the
//! categories of the shared question data plus common job directions of
//! Chinese tech hiring; schools are the 985/211/双一流 universities plus
//! well-known universities in Hong Kong, Macau, Taiwan and abroad
//! (`schools.txt`, one `name|region` per line).

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Seeded careers, in display order.
pub const CAREERS: &[&str] = &[
    "前端", "后端", "Java", "C++", "Go", "Android", "iOS", "算法", "人工智能", "数据科学", "数据分析",
    "测试开发", "运维", "嵌入式", "系统设计", "计算机基础", "产品经理", "设计", "运营", "行为面试",
];

const SCHOOLS: &str = include_str!("schools.txt");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let now = chrono::Utc::now();
        let mut q = Query::insert();
        q.into_table(Alias::new("careers")).columns(
            ["name", "sort_order", "created_at", "updated_at"].map(Alias::new),
        );
        for (i, name) in CAREERS.iter().enumerate() {
            q.values_panic([(*name).into(), (i as i32 * 10).into(), now.into(), now.into()]);
        }
        db.execute(&q).await?;
        let mut q = Query::insert();
        q.into_table(Alias::new("schools"))
            .columns(["name", "region", "created_at", "updated_at"].map(Alias::new));
        for line in SCHOOLS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (name, region) = line.split_once('|').unwrap_or((line, ""));
            q.values_panic([name.trim().into(), region.trim().into(), now.into(), now.into()]);
        }
        db.execute(&q).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute(&Query::delete().from_table(Alias::new("schools")).to_owned()).await?;
        db.execute(&Query::delete().from_table(Alias::new("careers")).to_owned()).await?;
        Ok(())
    }
}
