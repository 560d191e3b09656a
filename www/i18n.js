// The page's language (issue 14; docs/i18n.md), decided before either wasm module starts: ?lang=
// in the address, else the choice remembered in local storage (raftlab.lang, which the second
// module's language switches write), else the browser's ("zh…" is Chinese, anything else
// English). It sets <html lang> and, only for Chinese, fetches the catalogue i18n/zh.json, so a
// page in English downloads no Chinese. The modules read (src/i18n/browser.rs):
//   window.raftlabLang            "en" or "zh";
//   window.raftlabCatalogue       a promise, resolved once the catalogue is in or failed (false
//                                 in English);
//   window.raftlabCatalogueText   the catalogue's JSON text, once it is in.
// A switch in the page sets them again and fires `raftlab-lang`.
const asked = new URLSearchParams(location.search).get('lang');
let stored;
try {
  stored = localStorage.getItem('raftlab.lang');
} catch {}
const zh = /^zh/i.test(asked || stored || navigator.language);
window.raftlabLang = document.documentElement.lang = zh ? 'zh' : 'en';
// The page's description, for whatever reads it after this script (the title is the page's: src/ui/boot.rs).
if (zh) document.querySelector('meta[name="description"]')?.setAttribute('content', 'Raftlab：在浏览器里观看 Raft 共识算法运行，并亲手破坏它。');
window.raftlabCatalogue = zh && fetch('i18n/zh.json').then((r) => r.ok && r.text()).then((t) => (window.raftlabCatalogueText = t), () => {});
