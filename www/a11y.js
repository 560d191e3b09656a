// Focus and keyboard behaviour that the page's markup asks for by attribute (issue 16: focus
// order, keyboard access). Plain DOM code in a script of its own, because the same behaviour
// written in Rust cost the page about 2 KB of gzipped wasm (web-sys glue for every DOM call),
// more than the room left under its weight ceiling (docs/size.md). The Yew UI only writes the
// attributes:
//
//   data-focus-in="K"   a card or a dialog: it takes the focus when it appears, and again when K
//                       changes (the card now shows another server); when it goes, the focus
//                       returns to what had it before, unless the person moved it elsewhere;
//   aria-modal="true"   (with data-focus-in) everything beside its backdrop is inert meanwhile;
//   data-roving="SEL"   a long list that is one Tab stop: Up, Down, Home and End move the focus
//                       along the list's SEL elements;
//   role="button"       on an SVG element: Enter and Space click it, as they press a button.
const opener = new WeakMap();
const open = new Set();
let modalOpen = false;

function take(el) {
  const active = document.activeElement;
  if (active && !el.contains(active)) opener.set(el, active);
  el.focus();
}

function sync(records) {
  const gone = [...open].filter((el) => !el.isConnected);
  const modal = !!document.querySelector('[data-focus-in][aria-modal="true"]');
  if (modal || modal !== modalOpen) {
    modalOpen = modal;
    for (const el of document.querySelectorAll('.app > :not(.backdrop)')) el.inert = modal;
  }
  for (const el of gone) {
    open.delete(el);
    const back = opener.get(el);
    const active = document.activeElement;
    if (back?.isConnected && (!active || active === document.body)) back.focus();
  }
  for (const el of document.querySelectorAll('[data-focus-in]')) {
    if (!open.has(el)) {
      open.add(el);
      take(el);
    }
  }
  for (const r of records) if (r.type === 'attributes' && open.has(r.target)) take(r.target);
}

new MutationObserver(sync).observe(document.body, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['data-focus-in'],
});

const STEPS = { ArrowDown: 1, ArrowUp: -1, Home: -1e9, End: 1e9 };

document.addEventListener(
  'keydown',
  (e) => {
    const t = e.target;
    const group = t.closest?.('[data-roving]');
    if (group && e.key in STEPS) {
      const items = [...group.querySelectorAll(group.dataset.roving)];
      const at = items.indexOf(t);
      if (at < 0) return;
      e.preventDefault();
      items[Math.min(items.length - 1, Math.max(0, at + STEPS[e.key]))].focus();
    } else if (t instanceof SVGElement && t.getAttribute('role') === 'button' && (e.key === 'Enter' || e.key === ' ')) {
      // Stopped here, so that Space does not also reach the page's pause shortcut.
      e.preventDefault();
      e.stopPropagation();
      t.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }
  },
  true,
);
