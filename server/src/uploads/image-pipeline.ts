import sharp from 'sharp';
import type { ImageType } from './image-type';

/** The long edge of a stored photo, and of its list thumbnail. */
export const MAX_EDGE = 2048;
export const THUMB_EDGE = 320;

export interface ProcessedImage {
  body: Buffer;
  thumb: Buffer;
}

/**
 * Every accepted photo is decoded and encoded again with sharp (libvips): a file that only starts
 * like an image (a truncated PNG, a PNG with HTML behind it) fails to decode or loses whatever was
 * not image; EXIF, GPS and other metadata are dropped (sharp writes none unless asked), after
 * turning the picture the way its EXIF orientation said; the long edge is capped at MAX_EDGE;
 * a THUMB_EDGE WebP thumbnail is made for lists. Returns null when the bytes are not a picture.
 */
export async function processImage(buf: Buffer, type: ImageType): Promise<ProcessedImage | null> {
  try {
    // failOn 'warning': a truncated or corrupt file is refused, not half-decoded; 40 MP caps decompression bombs.
    const input = sharp(buf, { failOn: 'warning', limitInputPixels: 40_000_000 }).rotate();
    const fitted = input.clone().resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true });
    const encoded = type.ext === 'png' ? fitted.png({ compressionLevel: 9 }) : type.ext === 'webp' ? fitted.webp({ quality: 85 }) : fitted.jpeg({ quality: 85, mozjpeg: true });
    const [body, thumb] = await Promise.all([
      encoded.toBuffer(),
      input.clone().resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer(),
    ]);
    return { body, thumb };
  } catch {
    return null;
  }
}
