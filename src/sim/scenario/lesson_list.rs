//! The lessons of Learn mode in teaching order (the order of the article this project grew from:
//! roles and terms, election, replication, commit, quorum, safety, reads, then the extensions and
//! the last two sub-problems). Their text lives in www/lessons/ID.txt and is fetched when opened;
//! the picker needs only what is here. tests/lessons.rs checks this list against the files.

/// One entry of the lesson picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonEntry {
    /// The file name without `.txt` (`?lesson=ID`, `data-lesson`).
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_zh: &'static str,
    /// False for a lesson not written yet: the picker shows it as coming.
    pub ready: bool,
}

impl LessonEntry {
    /// Its title in `lang`.
    pub fn title(&self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Zh => self.title_zh,
            _ => self.title_en,
        }
    }
}

const fn entry(
    id: &'static str,
    title_en: &'static str,
    title_zh: &'static str,
    ready: bool,
) -> LessonEntry {
    LessonEntry {
        id,
        title_en,
        title_zh,
        ready,
    }
}

pub const LESSONS: [LessonEntry; 11] = [
    entry("roles-and-terms", "Roles and terms", "角色与任期", true),
    entry("leader-election", "Leader election", "领导者选举", true),
    entry("log-replication", "Log replication", "日志复制", true),
    entry("commit", "Commit", "提交", true),
    entry("quorum", "Quorum", "法定人数", true),
    entry(
        "election-restriction",
        "The election restriction",
        "选举限制",
        true,
    ),
    entry(
        "figure8",
        "Figure 8: committing entries of earlier terms",
        "图 8：提交之前任期的条目",
        true,
    ),
    entry("reads", "Split brain and reads", "脑裂与读请求", true),
    entry(
        "prevote-checkquorum",
        "Leadership transfer, PreVote and CheckQuorum",
        "领导权转移、PreVote 与 CheckQuorum",
        true,
    ),
    entry("log-compaction", "Log compaction", "日志压缩", true),
    entry("membership", "Membership change", "成员变更", true),
];
