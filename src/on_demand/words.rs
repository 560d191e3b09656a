//! The words of Learn mode's panel and picker, in each language lessons are written in. (The
//! lessons' own prose is in their files, www/lessons.)

use crate::sim::scenario::lesson::Lang;

pub struct Words {
    pub step: &'static str,
    pub of: &'static str,
    pub back: &'static str,
    pub show_me: &'static str,
    pub next: &'static str,
    pub finish: &'static str,
    pub pick: &'static str,
    pub picked: &'static str,
    pub right: &'static str,
    pub wrong: &'static str,
    pub answer: &'static str,
    pub waiting: &'static str,
    pub lessons: &'static str,
    pub coming: &'static str,
    pub close: &'static str,
    pub complete: &'static str,
    pub more: &'static str,
}

const EN: Words = Words {
    step: "Step",
    of: "of",
    back: "Back",
    show_me: "Show me",
    next: "Next",
    finish: "Finish",
    pick: "Click a server on the drawing to answer; the run waits for you.",
    picked: "Your answer:",
    right: "Right:",
    wrong: "Not this time: it was",
    answer: "It was",
    waiting: "Watching the cluster…",
    lessons: "Lessons",
    coming: "coming",
    close: "Close",
    complete: "Lesson complete",
    more: "More lessons",
};

const ZH: Words = Words {
    step: "第",
    of: "步，共",
    back: "返回",
    show_me: "演示",
    next: "下一步",
    finish: "完成",
    pick: "点击图中的一个服务器作答；模拟会等你。",
    picked: "你的答案：",
    right: "答对了：",
    wrong: "这次没猜中：答案是",
    answer: "答案是",
    waiting: "正在观察集群……",
    lessons: "课程",
    coming: "即将推出",
    close: "关闭",
    complete: "课程完成",
    more: "更多课程",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// "Step 2 of 5", "第2步，共5步".
pub fn counter(lang: Lang, number: usize, total: usize) -> String {
    let w = words(lang);
    match lang {
        Lang::En => format!("{} {number} {} {total}", w.step, w.of),
        Lang::Zh => format!("{}{number}{}{total}步", w.step, w.of),
    }
}
