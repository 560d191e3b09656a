// Loads the second module (src/on_demand: Learn mode, the scenario picker, the space-time
// diagram, the Rules panel, Settings, the keyboard help) the first time one of them is opened, so the page's first download does not
// carry it (docs/size.md).
// Trunk builds it as `raftlab-on-demand`; it draws in the page's `#lesson-slot` and in a layer
// of its own, and drives the simulation through `window.raftlab`, as an embedding page would.
//
//   the Learn, Rules, Scenarios, Settings and ? buttons, and the keys g, r, o, s and ?, open Learn
//   mode's lesson picker, the Rules panel (or close it), the scenario picker, Settings and the
//   keyboard help;
//   the Space-time button and the d key show or hide the space-time diagram (in the page's
//   #spacetime-slot, with www/spacetime.css, fetched then); ?view=spacetime shows it at once;
//   ?layout=beside places it beside the ring (the module reads it: src/on_demand/spacetime/placement.rs);
//   ?lesson=ID in the address opens that lesson once the page is up (#lesson=TEXT, a lesson of
//   one's own carried by the link), ?view=rules the Rules panel;
//   ?names=etcd (or the choice Settings remembered in local storage) has the page name the
//   messages as etcd does, through window.raftlab.names, without loading the module;
//   a first visit gets a welcome (www/welcome.js) offering the lessons or the sandbox;
//   ?present, or the v key, turns the presenter view on (and off): <body data-present>,
//   www/present.css (fetched then); in a lesson, PageDown / PageUp and the arrow keys (what
//   presenter remotes send) step through it;
//   the Export button and the e key open the Export dialog; a file dropped on the page opens;
//   window.raftlabOpen(what) opens "lessons", "rules", "scenarios", "settings", "help", "files",
//   "lesson:ID", "spacetime" (shown or hidden), "spacetime:open" or a File, for scripts;
//   window.raftlabLoad() loads it and opens nothing (for window.raftlab.holds and .spacetime).
let ready = null;

// Trunk does not hash the names of a second module, so its URLs carry the page's build instead
// (the hash in the page's wasm name): a cache never pairs a new page with an old module.
const build = document.querySelector('script[data-raftlab-wasm]')?.dataset.raftlabWasm.match(/-([0-9a-f]+)_bg/)?.[1];
const here = (name) => new URL(build ? `${name}?v=${build}` : name, import.meta.url).href;

// Resolves once the style sheet has loaded (or failed: the page still works without it).
function sheet(name) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = here(name);
  const loaded = new Promise((resolve) => {
    link.onload = resolve;
    link.onerror = resolve;
  });
  document.head.append(link);
  return loaded;
}

// Resolves once the page's API and the slot exist (the app installs them after its first render).
const pageUp = () =>
  new Promise((resolve) => {
    const check = () =>
      window.raftlab && document.getElementById('lesson-slot') ? resolve() : requestAnimationFrame(check);
    check();
  });

function load() {
  if (ready) return ready;
  sheet('learn.css');
  ready = pageUp()
    .then(() => {
      // The module's dialogs are drawn outside the page's markup, so the page's inert
      // background (www/a11y.js) does not cover them.
      const layer = document.createElement('div');
      layer.id = 'on-demand-layer';
      document.body.append(layer);
      const listening = new Promise((resolve) => addEventListener('raftlab-on-demand-ready', resolve, { once: true }));
      const started = import(here('raftlab-on-demand.js')).then((glue) =>
        glue.default({ module_or_path: here('raftlab-on-demand_bg.wasm') }),
      );
      return Promise.all([listening, started]);
    })
    .catch((error) => {
      ready = null;
      const slot = document.getElementById('lesson-slot');
      const why = error?.message ?? error;
      // In the page's language (www/i18n.js set <html lang>); the module's catalogue is out of reach.
      const said = document.documentElement.lang === 'zh'
        ? `页面的这一部分未能加载（${why}）。请刷新页面后重试。`
        : `This part of the page could not load (${why}). Reload the page to try again.`;
      if (slot) slot.textContent = said;
      throw error;
    });
  return ready;
}

let spacetimeSheet = null;
async function open(what) {
  if (typeof what === 'string' && what.startsWith('spacetime')) spacetimeSheet ??= sheet('spacetime.css');
  await Promise.all([load(), spacetimeSheet]);
  dispatchEvent(new CustomEvent('raftlab-open', { detail: what }));
}
window.raftlabOpen = open;
// Loads the module and opens nothing: then window.raftlab.holds and .spacetime exist.
window.raftlabLoad = () => load().then(() => {});

// postMessage calls that the module answers (the page's own API does not have them): it is
// loaded first, then asked, and the reply goes back as the page's replies do (docs/api.md).
addEventListener('message', async (event) => {
  const asked = event.data?.raftlab;
  if (asked?.call !== 'holds' && asked?.call !== 'spacetime') return;
  await load().catch(() => {});
  const call = window.raftlab?.[asked.call];
  const args = asked.call === 'spacetime' && Array.isArray(asked.arg) ? asked.arg : [asked.arg];
  const result = call ? call(...args) : { ok: false, error: 'the second module could not load' };
  if (asked.id === undefined || !event.source) return;
  const reply = result && 'ok' in result ? { ...result } : { ok: true, value: result };
  reply.reply = asked.id;
  event.source.postMessage({ raftlab: reply }, event.origin && event.origin !== 'null' ? event.origin : '*');
});

let presentSheetLoaded = false;
function present(on) {
  if (on && !presentSheetLoaded) {
    sheet('present.css');
    presentSheetLoaded = true;
  }
  document.body.toggleAttribute('data-present', on);
}

const BUTTONS = { learn: 'lessons', rules: 'rules', scenarios: 'scenarios', spacetime: 'spacetime', settings: 'settings', help: 'help', files: 'files' };
document.addEventListener('click', (event) => {
  const action = event.target instanceof Element && event.target.closest('[data-action]')?.dataset.action;
  if (BUTTONS[action]) open(BUTTONS[action]).catch(() => {});
});
const KEYS = { g: 'lessons', r: 'rules', o: 'scenarios', d: 'spacetime', s: 'settings', e: 'files', '?': 'help' };
document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable]');
  if (typing || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('[aria-modal="true"]')) return;
  if (KEYS[event.key]) open(KEYS[event.key]).catch(() => {});
  if (event.key === 'v') present(!document.body.hasAttribute('data-present'));
});

// A trace or scenario file dropped anywhere on the page is opened (by the module).
const carriesFiles = (event) => event.dataTransfer?.types.includes('Files');
document.addEventListener('dragover', (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
document.addEventListener('drop', (event) => {
  const file = event.dataTransfer?.files[0];
  if (!file) return;
  event.preventDefault();
  open(file).catch(() => {});
});

const params = new URLSearchParams(location.search);
if (params.has('present')) present(true);
if (params.get('view') === 'spacetime') open('spacetime:open').catch(() => {});
const lesson = params.get('lesson');
if (lesson && /^[a-z0-9-]+$/.test(lesson)) open(`lesson:${lesson}`).catch(() => {});
if (params.get('view') === 'rules') open('rules').catch(() => {});
// #lesson=TEXT: a lesson of one's own, carried whole by the link (docs/lesson-format.md, "Your
// own lessons"); it opens as the file would.
if (location.hash.startsWith('#lesson=')) {
  const raw = location.hash.slice('#lesson='.length);
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {} // not URI-encoded: read as it is, and a lesson's error names what is wrong
  open(new File([text], 'shared-lesson.txt')).catch(() => {});
}
let names = params.get('names');
try {
  names ??= localStorage.getItem('raftlab.names');
} catch {}
if (names === 'etcd') pageUp().then(() => window.raftlab.names('etcd'));

// A first visit is welcomed (www/welcome.js, fetched only then); a page opened on something in
// particular goes straight to it.
const particular =
  ['embed', 'lesson', 'scenario', 'present', 'view'].some((p) => params.has(p)) || /^#(run|lesson)=/.test(location.hash);
const welcomed = () => {
  try {
    return localStorage.getItem('raftlab-welcomed') !== null; // written by welcome.js
  } catch {
    return true; // no storage: no way to remember, so no welcome every time
  }
};
if (!particular && !welcomed()) {
  import(here('welcome.js'))
    .then(async (w) => {
      await pageUp();
      w.welcome(open, window.raftlabLang ?? 'en'); // www/i18n.js's choice
    })
    .catch(() => {});
}
