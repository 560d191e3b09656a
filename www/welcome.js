// The welcome on a first visit (issue 14): what Raftlab is, and two ways in, the lessons or the
// sandbox. www/on-demand.js imports this file only when the page opens for the first time in
// this browser (nothing in local storage, and not embedded, nor opened on a lesson, a scenario,
// a shared run or the presenter view), so a returning visitor does not fetch it. Plain DOM in a
// native modal <dialog>: it takes the focus, Escape closes it, the page behind is inert.
const WORDS = {
  en: {
    title: 'Welcome to Raftlab',
    lead: 'Five servers run the Raft consensus algorithm right here, in your browser. Crash them, cut the network, drop messages, rewind time, and watch Raft keep its promises: the safety panel checks them as the run goes.',
    lessons: 'Start the lessons',
    lessonsHint: 'Eleven short lessons, from roles and terms to membership change; the simulator checks each step.',
    sandbox: 'Explore on my own',
    sandboxHint: 'Hover over or tap anything on the drawing to see what it is; the legend lists every mark; ? lists the keys.',
  },
  zh: {
    title: '欢迎来到 Raftlab',
    lead: '五台服务器正在你的浏览器里运行 Raft 共识算法。你可以让服务器宕机、切断网络、丢弃消息、让时间倒流，看 Raft 如何始终守住它的承诺：安全面板在运行中实时检查。',
    lessons: '从课程开始',
    lessonsHint: '十一节短课，从角色与任期讲到成员变更；每一步都由模拟器检查。',
    sandbox: '自己探索',
    sandboxHint: '把鼠标移到图上的任何东西上（或轻点它）就能看到它是什么；图例列出每种标记；按 ? 查看快捷键。',
  },
};

/** Set once the welcome has been closed (www/on-demand.js reads it before fetching this file). */
const KEY = 'raftlab-welcomed';

/** Shows the welcome; `open('lessons')` opens Learn mode's lesson picker. */
export function welcome(open, lang) {
  const w = WORDS[lang] ?? WORDS.en;
  const dialog = document.createElement('dialog');
  dialog.className = 'welcome';
  dialog.lang = lang === 'zh' ? 'zh' : 'en';
  dialog.dataset.welcome = '';
  const heading = document.createElement('h2');
  heading.textContent = w.title;
  heading.id = 'welcome-title';
  dialog.setAttribute('aria-labelledby', heading.id);
  const lead = document.createElement('p');
  lead.textContent = w.lead;
  dialog.append(heading, lead);
  const choice = (label, hint, action, primary) => {
    const button = document.createElement('button');
    button.textContent = label;
    button.dataset.welcomeChoice = action;
    if (primary) button.className = 'primary';
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = hint;
    button.addEventListener('click', () => {
      dialog.close();
      if (action === 'lessons') open('lessons').catch(() => {});
    });
    const row = document.createElement('div');
    row.append(button, note);
    return row;
  };
  dialog.append(choice(w.lessons, w.lessonsHint, 'lessons', true), choice(w.sandbox, w.sandboxHint, 'sandbox', false));
  dialog.addEventListener('close', () => {
    try {
      localStorage.setItem(KEY, '1');
    } catch {
      // Private browsing without storage: the welcome comes back next time.
    }
    dialog.remove();
  });
  // The page's shortcuts (on the document) wait: Space presses the focused button, and Escape
  // closes the dialog rather than being taken by the page.
  dialog.addEventListener('keydown', (event) => event.stopPropagation());
  document.body.append(dialog);
  dialog.showModal();
}
