// Servers glide to their new places when the ring re-lays itself: a server joins, or the
// cluster restarts with another size (issue 13). Yew writes each server's place as an SVG
// `transform` attribute, which CSS transitions cannot animate; this script sees the attribute
// change and plays the move with the Web Animations API (allowed under the strict Content
// Security Policy, unlike a style attribute). The links and the messages in flight fade out
// during the move and back in at their new places. With prefers-reduced-motion, servers jump, as everything else does.
const GLIDE_MS = 450;
const reduced = matchMedia('(prefers-reduced-motion: reduce)');
const place = (transform) => transform?.match(/translate\(([-\d.]+)[ ,]+([-\d.]+)\)/);
const css = (at) => `translate(${at[1]}px, ${at[2]}px)`;

new MutationObserver((records) => {
  if (reduced.matches) return;
  let moved = null;
  for (const { target, oldValue } of records) {
    if (!target.classList?.contains('node') && !target.classList?.contains('node-words')) continue;
    const from = place(oldValue);
    const to = place(target.getAttribute('transform'));
    if (!from || !to || (from[1] === to[1] && from[2] === to[2])) continue;
    target.animate([{ transform: css(from) }, { transform: css(to) }], { duration: GLIDE_MS, easing: 'ease-in-out' });
    moved = target.closest('svg');
  }
  for (const link of moved?.querySelectorAll('.link, .msg') ?? []) {
    link.animate([{ opacity: 0 }, { opacity: 0, offset: 0.8 }, { opacity: 1 }], { duration: GLIDE_MS + 200 });
  }
}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['transform'], attributeOldValue: true });
