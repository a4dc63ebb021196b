import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ApiError, photoSrc, upload } from '../services/api';
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
    onChange((prev) => [...prev, ...paths.map((local) => ({ local, id: null }))]);
    for (const local of paths) {
      try {
        const photo = await upload(local);
        onChange((prev) => prev.map((p) => (p.local === local ? { ...p, id: photo.id } : p)));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        onChange((prev) => prev.map((p) => (p.local === local ? { ...p, failed: true } : p)));
      }
    }
  };
  return (
    <View className='photo-picker'>
      {value.map((p) => (
        <View key={p.local} className={`photo-grid__cell photo-picker__item${p.failed ? ' photo-picker__item--failed' : ''}`}>
          <Image className='photo-grid__img' src={p.local} mode='aspectFill' />
          {p.id == null ? <Text className='photo-picker__status'>{p.failed ? '上传失败' : '上传中…'}</Text> : null}
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
