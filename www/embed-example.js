// The example embedding page (www/embed-example.html): each button posts its data-send command
// to the embedded Raftlab.
const frame = document.getElementById('raftlab').contentWindow;
for (const button of document.querySelectorAll('[data-send]')) {
  button.addEventListener('click', () => frame.postMessage({ raftlab: JSON.parse(button.dataset.send) }, '*'));
}
