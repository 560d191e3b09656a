// Starts Raftlab: imports wasm-bindgen's JS glue and instantiates the wasm module that Trunk
// built. It replaces Trunk's inline `<script type="module">` loader, which a strict Content
// Security Policy (`script-src 'self'`) blocks: this file is a script of the page's own origin.
// Trunk.toml's `pattern_script` writes the tag that loads it, with the hashed names of the glue
// and the wasm in its data attributes, relative to the page (`public_url = "./"`), so the page
// works from any directory. Keep those two attribute names: this file is not renamed per build.
const tag = document.querySelector('script[data-raftlab-js][data-raftlab-wasm]');
// A preset named in the address (`?scenario=figure8`) is fetched before the app starts, so it
// opens with the page; the presets are not part of the wasm. The page reads its script as a
// trace (scenarios/NAME.json, made from NAME.txt by tests/preset_traces.rs), not its text.
const preset = new URLSearchParams(location.search).get('scenario');
if (preset && /^[a-z0-9-]+$/.test(preset)) {
  const response = await fetch(`scenarios/${preset}.json`).catch(() => null);
  window.raftlabPreset = response?.ok ? await response.text() : null;
}
// Embedded in another page: the embedding kit (panels=, resize messages, pause off screen).
if (new URLSearchParams(location.search).has('embed')) import('./embed.js');
// A page in Chinese starts in Chinese: www/i18n.js's catalogue is in before the app's first
// render (false at once in English), so the page reads it without a future (src/i18n/browser.rs).
await window.raftlabCatalogue;
const url = (name) => new URL(tag.getAttribute(name), document.baseURI).href;
const bindings = await import(url('data-raftlab-js'));
const wasm = await bindings.default({ module_or_path: url('data-raftlab-wasm') });
// What Trunk's own loader does too: the exported functions for tests and benchmarks, and an event.
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
