// A signature drawn on a canvas with a mouse, a finger or a stylus (pointer events), with a
// "clear" button; pad.blank() says whether anything was drawn, pad.png() gives the image.
import { h, uid } from './dom.js';
import { t } from './i18n.js';

export function signaturePad(labelText) {
  const id = uid('sig');
  const canvas = h('canvas', {
    id,
    class: 'signature',
    width: 600,
    height: 200,
    role: 'img',
    'aria-label': labelText,
  });
  const ctx = canvas.getContext('2d');
  let drawing = false;
  let drawn = false;
  const reset = () => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = '#ccd';
    ctx.beginPath();
    ctx.moveTo(20, 160);
    ctx.lineTo(580, 160);
    ctx.stroke();
    ctx.strokeStyle = '#102060';
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    drawn = false;
    canvas.dataset.signed = 'no';
  };
  const point = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [
      ((ev.clientX - r.left) * canvas.width) / r.width,
      ((ev.clientY - r.top) * canvas.height) / r.height,
    ];
  };
  canvas.addEventListener('pointerdown', (ev) => {
    drawing = true;
    canvas.setPointerCapture(ev.pointerId);
    const [x, y] = point(ev);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ev.preventDefault();
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!drawing) return;
    const [x, y] = point(ev);
    ctx.lineTo(x, y);
    ctx.stroke();
    drawn = true;
    canvas.dataset.signed = 'yes';
  });
  const end = () => {
    drawing = false;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  reset();
  const clear = h('button', { type: 'button', class: 'small', onclick: reset }, t('sig.clear'));
  const el = h(
    'div',
    { class: 'signature-box' },
    h('span', { class: 'sig-label', id: id + '-l' }, labelText),
    canvas,
    clear,
  );
  return {
    el,
    blank: () => !drawn,
    png: () => new Promise((resolve) => canvas.toBlob(resolve, 'image/png')),
    dataUrl: () => canvas.toDataURL('image/png'),
  };
}

export function dataUrlToBlob(url) {
  const [head, b64] = url.split(',');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: head.slice(5, head.indexOf(';')) });
}
