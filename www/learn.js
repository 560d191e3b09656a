// Learn mode's loader (issue 14). Learn mode is a WebAssembly module of its own
// (src/learn, built by Trunk as `raftlab-learn`), fetched with its style sheet the first time a
// learner opens it, so the page's first download does not carry it (docs/size.md). It draws in
// the page's `#lesson-slot` and drives the simulation through `window.raftlab`, as an embedding
// page would.
//
//   the "Learn" button (or the g key) opens the lesson picker;
//   ?lesson=ID in the address opens that lesson once the page is up;
//   ?present, or the v key, turns the presenter view on (and off): <body data-present>,
//   www/present.css (fetched then); in a lesson, PageDown / PageUp and the arrow keys (what
//   presenter remotes send) step through it;
//   window.raftlabLearn.open(ID) opens a lesson (null: the picker) for scripts and tests.
let ready = null;

// Trunk does not hash the names of a second module, so its URLs carry the page's build instead
// (the hash in the page's wasm name): a cache never pairs a new page with an old Learn mode.
const build = document.querySelector('script[data-raftlab-wasm]')?.dataset.raftlabWasm.match(/-([0-9a-f]+)_bg/)?.[1];
const here = (name) => new URL(build ? `${name}?v=${build}` : name, import.meta.url).href;

// Resolves once the page's API and the slot exist (the app installs them after its first render).
const pageUp = () =>
  new Promise((resolve) => {
    const check = () =>
      window.raftlab && document.getElementById('lesson-slot') ? resolve() : requestAnimationFrame(check);
    check();
  });

function load() {
  if (ready) return ready;
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = here('learn.css');
  document.head.append(sheet);
  ready = pageUp()
    .then(() => {
      // The lesson picker is a modal dialog: it is drawn outside the page's markup, so the
      // page's inert background (www/a11y.js) does not cover it.
      const layer = document.createElement('div');
      layer.id = 'learn-layer';
      document.body.append(layer);
      const listening = new Promise((resolve) => addEventListener('raftlab-learn-ready', resolve, { once: true }));
      const started = import(here('raftlab-learn.js')).then((glue) =>
        glue.default({ module_or_path: here('raftlab-learn_bg.wasm') }),
      );
      return Promise.all([listening, started]);
    })
    .catch((error) => {
      ready = null;
      const slot = document.getElementById('lesson-slot');
      if (slot) slot.textContent = `Learn mode could not load (${error?.message ?? error}). Reload the page to try again.`;
      throw error;
    });
  return ready;
}

async function open(id) {
  await load();
  dispatchEvent(new CustomEvent('raftlab-learn', { detail: id ?? null }));
}

window.raftlabLearn = { open };

document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-action="learn"]')) open(null).catch(() => {});
});
let presentSheet = null;
function present(on) {
  if (on && !presentSheet) {
    presentSheet = document.createElement('link');
    presentSheet.rel = 'stylesheet';
    presentSheet.href = here('present.css');
    document.head.append(presentSheet);
  }
  document.body.toggleAttribute('data-present', on);
}

document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable]');
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'g') open(null).catch(() => {});
  if (event.key === 'v') present(!document.body.hasAttribute('data-present'));
});

const params = new URLSearchParams(location.search);
if (params.has('present')) present(true);
const asked = params.get('lesson');
if (asked && /^[a-z0-9-]+$/.test(asked)) open(asked).catch(() => {});
