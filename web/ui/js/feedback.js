// Feedback for a scan that someone looking at the equipment notices without reading: a short
// rising double beep and a green flash for success, a low buzz and a red flash for an error.
// The sounds are oscillators (WebAudio), no files.
let audio = null;

function tone(freq, start, length, type = 'sine', gain = 0.15) {
  const o = audio.createOscillator();
  const g = audio.createGain();
  o.type = type;
  o.frequency.value = freq;
  g.gain.setValueAtTime(gain, audio.currentTime + start);
  g.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + start + length);
  o.connect(g).connect(audio.destination);
  o.start(audio.currentTime + start);
  o.stop(audio.currentTime + start + length + 0.02);
}

export function beep(kind) {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
    if (kind === 'ok') {
      tone(880, 0, 0.09);
      tone(1320, 0.1, 0.12);
    } else if (kind === 'info') tone(660, 0, 0.08);
    else {
      tone(180, 0, 0.18, 'square', 0.12);
      tone(140, 0.22, 0.25, 'square', 0.12);
    }
  } catch {
    /* no audio on this device */
  }
}

// Flashes `el` (or the page) green/red; the class also tells tests what happened.
export function flash(kind, el = document.body) {
  el.classList.remove('flash-ok', 'flash-error', 'flash-info');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash-' + (kind === 'ok' ? 'ok' : kind === 'info' ? 'info' : 'error'));
}

export function signal(kind, el) {
  beep(kind);
  flash(kind, el);
}
