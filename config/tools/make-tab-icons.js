#!/usr/bin/env node
/**
 * Draws the tab-bar icons (81x81 PNG, grey and brand red) into client/assets/tab/.
 * No image libraries: shapes are inside/outside tests, 4x4 supersampled, written as PNG with zlib.
 *   node tools/make-tab-icons.js
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZE = 81;
const SS = 4; // supersampling per axis
const COLORS = { normal: [0x8a, 0x8a, 0x8a], active: [0xc8, 0x10, 0x2e] };
const OUT = path.join(__dirname, '..', '..', 'client', 'assets', 'tab');

// Shapes work in a 0..1 square; each returns true where the pixel is ink.
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (!inRect(x, y, x0, y0, x1, y1)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return inCircle(x, y, cx, cy, r);
};
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by);
  const d2 = s(x, y, bx, by, cx, cy);
  const d3 = s(x, y, cx, cy, ax, ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
};

const shapes = {
  // A house: roof, walls, and a door cut out.
  home: (x, y) => {
    const roof = inTriangle(x, y, [0.5, 0.1], [0.06, 0.5], [0.94, 0.5]);
    const walls = inRect(x, y, 0.2, 0.45, 0.8, 0.9);
    const door = inRect(x, y, 0.42, 0.62, 0.58, 0.9);
    const roofHollow = inTriangle(x, y, [0.5, 0.24], [0.24, 0.47], [0.76, 0.47]) && y < 0.45;
    const wallHollow = inRect(x, y, 0.28, 0.47, 0.72, 0.82) && !inRect(x, y, 0.36, 0.56, 0.64, 0.9);
    return (roof || walls) && !door && !roofHollow && !wallHollow;
  },
  // A list: three bullets and three lines.
  needs: (x, y) => {
    for (const cy of [0.24, 0.5, 0.76]) {
      if (inCircle(x, y, 0.16, cy, 0.075)) return true;
      if (inRoundRect(x, y, 0.32, cy - 0.055, 0.9, cy + 0.055, 0.05)) return true;
    }
    return false;
  },
  // A heart.
  volunteer: (x, y) => {
    const u = (x - 0.5) * 2.8;
    const v = (0.46 - y) * 2.8;
    return (u * u + v * v - 1) ** 3 - u * u * v * v * v <= 0;
  },
  // A person: head and shoulders.
  me: (x, y) => {
    const head = inCircle(x, y, 0.5, 0.3, 0.18);
    const body = y >= 0.56 && y <= 0.92 && ((x - 0.5) / 0.38) ** 2 + ((y - 0.92) / 0.36) ** 2 <= 1;
    return head || body;
  },
};

function render(shape, [r, g, b]) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let py = 0; py < SIZE; py++) {
    const row = py * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          if (shape((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits++;
        }
      }
      const o = row + 1 + px * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / (SS * SS));
    }
  }
  return png(SIZE, SIZE, zlib.deflateSync(raw, { level: 9 }));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(width, height, idat) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

fs.mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(shapes)) {
  for (const [variant, color] of Object.entries(COLORS)) {
    const file = path.join(OUT, variant === 'normal' ? `${name}.png` : `${name}-active.png`);
    fs.writeFileSync(file, render(shape, color));
    console.log(`${path.relative(process.cwd(), file)} ${fs.statSync(file).size} B`);
  }
}
