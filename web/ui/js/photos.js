// Photos of an item's condition: taken at the hand-over or the return with the desk's camera or
// the phone's, kept in the page until the agreement exists, then stored with the agreement and
// the item (POST /agreements/{id}/photos); shown on the agreement and on the item card.
import { h, mount, uid } from './dom.js';
import { t, tEnum, fmtDate } from './i18n.js';
import { api } from './api.js';
import { shrinkPhoto } from './scan.js';

// The server takes photos of up to 8 MiB (the route table's photo limit); a condition photo is
// shrunk well below it, quick to send from a phone and enough to see a scratch.
const MAX_BYTES = 900 * 1024;

async function conditionJpeg(file) {
  for (const [side, quality] of [
    [1280, 0.82],
    [1024, 0.7],
    [800, 0.6],
  ]) {
    const blob = await shrinkPhoto(file, side, quality);
    if (blob && blob.size <= MAX_BYTES) return blob;
  }
  throw new Error(t('photo.too_large'));
}

// The camera button of one line and the thumbnails taken so far, each removable. `store` keeps
// them ({blob, url, sent}) across redraws of the line.
export function photoPicker(store, itemLabel, onError) {
  const input = h('input', {
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    multiple: true,
    id: uid('cp'),
    class: 'visually-hidden',
  });
  const thumbs = h('span', { class: 'thumbs' });
  const draw = () =>
    mount(
      thumbs,
      store.map((p, i) =>
        h(
          'span',
          { class: 'thumb' },
          h('img', { src: p.url, alt: t('photo.of', { item: itemLabel, n: i + 1 }) }),
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              'aria-label': t('photo.remove_of', { item: itemLabel, n: i + 1 }),
              onclick: () => {
                URL.revokeObjectURL(p.url);
                store.splice(i, 1);
                draw();
              },
            },
            '×',
          ),
        ),
      ),
    );
  input.addEventListener('change', async () => {
    const files = [...input.files];
    input.value = '';
    for (const file of files) {
      try {
        const blob = await conditionJpeg(file);
        store.push({ blob, url: URL.createObjectURL(blob), sent: false });
      } catch (e) {
        onError(e);
      }
    }
    draw();
  });
  draw();
  return h(
    'div',
    { class: 'photo-picker' },
    h(
      'span',
      { class: 'photo-button' },
      input,
      h(
        'label',
        { for: input.id, class: 'button small' },
        t('photo.take'),
        h('span', { class: 'visually-hidden' }, ' ' + itemLabel),
      ),
    ),
    thumbs,
  );
}

// Sends the photos not sent yet: lines are [{itemId, photos: store}].
export async function uploadPhotos(agreementId, lines, occasion) {
  for (const line of lines) {
    for (const p of line.photos || []) {
      if (p.sent) continue;
      await api(
        'POST',
        `/agreements/${agreementId}/photos?item_id=${line.itemId}&occasion=${occasion}`,
        p.blob,
      );
      p.sent = true;
    }
  }
}

// Thumbnails that open the full photo; `caption(photo)` names what it shows.
export function photoGallery(photos, caption) {
  return h(
    'ul',
    { class: 'gallery' },
    photos.map((p) => {
      const text = `${caption(p)} · ${tEnum('occasion', p.occasion)} · ${fmtDate(p.taken_at)}`;
      return h(
        'li',
        {},
        h(
          'a',
          {
            href: `/api/v1/photos/${p.id}`,
            target: '_blank',
            rel: 'noopener',
            'aria-label': t('photo.open', { what: text }),
          },
          h('img', { src: `/api/v1/photos/${p.id}`, alt: '', loading: 'lazy' }),
        ),
        h('span', { class: 'small muted' }, text),
      );
    }),
  );
}
