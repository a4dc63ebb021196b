import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError, newIdempotencyKey, photoSrc, upload } from '../services/api';
import type { PhotoView } from '@contract/uploads';
import './Photos.scss';

/** Shows stored photos (loaded with the token through the API module); tap to enlarge. */
export function PhotoGrid({ photos }: { photos: PhotoView[] }) {
  const [srcs, setSrcs] = useState<Record<number, string>>({});
  useEffect(() => {
    let alive = true;
    for (const p of photos) {
      photoSrc(p.url)
        .then((src) => alive && setSrcs((s) => ({ ...s, [p.id]: src })))
        .catch(() => undefined);
    }
    return () => {
      alive = false;
    };
  }, [photos]);
  if (photos.length === 0) return null;
  const loaded = photos.map((p) => srcs[p.id]).filter(Boolean);
  return (
    <View className='photo-grid'>
      {photos.map((p) => (
        <View key={p.id} className='photo-grid__cell' data-photo={p.id}>
          {srcs[p.id] ? (
            <Image
              className='photo-grid__img'
              src={srcs[p.id]}
              mode='aspectFill'
              onClick={() => void Taro.previewImage({ urls: loaded, current: srcs[p.id] }).catch(() => undefined)}
            />
          ) : (
            <Text className='photo-grid__loading'>加载中</Text>
          )}
        </View>
      ))}
    </View>
  );
}

export interface PickedPhoto {
  /** The chosen file, shown at once. */
  local: string;
  /** Set when the upload finished. */
  id: number | null;
  failed?: boolean;
  /** The stored photo's address (shown instead of `local` once the temp file is gone: a restored draft). */
  url?: string;
  /** The upload's Idempotency-Key, the same on a retry. */
  key?: string;
}

/** What a draft keeps of the photos: the uploaded ones, by their stored address (temp files do not outlive the app). */
export function keptPhotos(photos: PickedPhoto[]): PickedPhoto[] {
  return photos.filter((p) => p.id != null && p.url).map((p) => ({ local: `restored:${p.id}`, id: p.id, url: p.url }));
}

/** One chosen photo: the temp file, or (restored from a draft) the stored photo loaded with the token. */
function PickedImage({ photo }: { photo: PickedPhoto }) {
  const restored = photo.local.startsWith('restored:');
  const [src, setSrc] = useState(restored ? '' : photo.local);
  useEffect(() => {
    if (!restored || !photo.url) return;
    let alive = true;
    photoSrc(photo.url)
      .then((s) => alive && setSrc(s))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [restored, photo.url]);
  return src ? <Image className='photo-grid__img' src={src} mode='aspectFill' /> : <Text className='photo-grid__loading'>加载中</Text>;
}

/**
 * Choose up to `max` photos (Taro.chooseImage) and upload each through the API module right
 * away; the form sends the ids. Shows each picture with a remove button, and upload failures.
 */
export function PhotoPicker({ value, onChange, max = 9 }: { value: PickedPhoto[]; onChange: (next: PickedPhoto[] | ((prev: PickedPhoto[]) => PickedPhoto[])) => void; max?: number }) {
  const left = max - value.length;
  const add = async () => {
    let paths: string[];
    try {
      const res = await Taro.chooseImage({ count: left, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      paths = res.tempFilePaths.slice(0, left);
    } catch {
      return; // cancelled
    }
    const picked = paths.map((local) => ({ local, id: null, key: newIdempotencyKey() }));
    onChange((prev) => [...prev, ...picked]);
    for (const p of picked) await send(p);
  };
  /** Uploads one photo (again, after a failure: same key, so a photo that did arrive is not stored twice). */
  const send = async ({ local, key }: PickedPhoto) => {
    onChange((prev) => prev.map((p) => (p.local === local ? { ...p, failed: false } : p)));
    try {
      const photo = await upload(local, { idempotencyKey: key, toast: false });
      onChange((prev) => prev.map((p) => (p.local === local ? { ...p, id: photo.id, url: photo.url } : p)));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      onChange((prev) => prev.map((p) => (p.local === local ? { ...p, failed: true } : p)));
    }
  };
  return (
    <View className='photo-picker'>
      {value.map((p) => (
        <View key={p.local} className={`photo-grid__cell photo-picker__item${p.failed ? ' photo-picker__item--failed' : ''}`}>
          <PickedImage photo={p} />
          {p.id == null && !p.failed ? <Text className='photo-picker__status'>上传中…</Text> : null}
          {p.failed ? (
            <View className='photo-picker__retry' onClick={() => void send(p)}>
              <Text className='photo-picker__retry-text'>上传失败</Text>
              <Text className='photo-picker__retry-btn'>点此重试</Text>
            </View>
          ) : null}
          <View className='photo-picker__remove' onClick={() => onChange((prev) => prev.filter((x) => x.local !== p.local))}>
            <Text>×</Text>
          </View>
        </View>
      ))}
      {left > 0 ? (
        <View className='photo-grid__cell photo-picker__add' onClick={() => void add()}>
          <Text className='photo-picker__plus'>+</Text>
          <Text className='photo-picker__hint'>{`添加照片（还可${left}张）`}</Text>
        </View>
      ) : null}
    </View>
  );
}
