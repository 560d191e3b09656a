// Raftlab embedded in another page (`?embed`; loader.js imports this file only then). The
// page's own API answers postMessage commands and announces `ready` (src/ui/api.rs); this file
// adds what an embedding documentation page also needs, as plain DOM work:
//
//   ?panels=logs,narration   shows those panels beside the drawing (the embed shows the drawing
//                            and the playback bar alone otherwise); the narration is then a
//                            caption line under the drawing;
//   controls=none|minimal    no playback bar, or only play / pause and the time line;
//   {raftlab: {event: "resize", height}}   posted to the embedding page whenever the content's
//                            height changes, so it can size the frame;
//   off screen, the run pauses (and plays again when the frame is back in view, unless the
//   person paused it meanwhile): an embed scrolled past costs nothing.
const params = new URLSearchParams(location.search);
const panels = (params.get('panels') ?? '').split(',').filter((p) => ['logs', 'narration'].includes(p));
if (panels.length) document.body.dataset.panels = panels.join(' ');
const controls = params.get('controls');
if (controls === 'none' || controls === 'minimal') document.body.dataset.controls = controls;

const toParent = (message) => {
  if (parent !== window) parent.postMessage({ raftlab: message }, '*');
};
let lastHeight = 0;
new ResizeObserver(() => {
  const height = document.documentElement.scrollHeight;
  if (height !== lastHeight) toParent({ event: 'resize', height: (lastHeight = height) });
}).observe(document.body);

let pausedOffScreen = false;
const playing = () => document.querySelector('[data-action="play-pause"]')?.dataset.playing === 'true';
new IntersectionObserver(([entry]) => {
  if (!window.raftlab) return;
  if (!entry.isIntersecting && playing()) {
    window.raftlab.pause();
    pausedOffScreen = true;
  } else if (entry.isIntersecting && pausedOffScreen) {
    window.raftlab.play();
    pausedOffScreen = false;
  }
}).observe(document.body);
