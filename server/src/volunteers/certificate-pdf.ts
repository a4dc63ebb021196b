import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import qrcode from 'qrcode-generator';
import { AppError, ErrorCode } from '../common/errors';
import { beijingDateCn } from '../contract/format';

/**
 * The service certificate (志愿服务证明) as a PDF, drawn with pdfkit. Chinese needs a CJK font
 * embedded (pdfkit subsets it, so the file stays small): by default WenQuanYi Micro Hei from
 * Debian's fonts-wqy-microhei; CERT_FONT_PATH (and CERT_FONT_NAME, the face's PostScript name
 * inside a .ttc collection) choose another. Without a usable font the request fails with a
 * clear 503, never a crash.
 */

export interface CertificatePdfData {
  code: string;
  issuedAt: Date;
  realName: string;
  idNumberMasked: string | null;
  communityName: string;
  totalHours: number;
  activities: Array<{ title: string; startsAt: Date; hours: number }>;
  /** Where anyone can check the code (shown on the certificate). */
  verifyHint: string;
  /** The full verification address, drawn as a QR code. */
  verifyUrl: string;
}

/** The QR code of `text` drawn with pdfkit rectangles at (x, y), `size` points square. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const cell = size / (n + 2); // a quiet zone of one module around it
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell, cell);
  doc.fill('#000000').restore();
}

/** The issuer's seal line: a red ring with the community's name, the way a paper 证明 is stamped. */
function drawSeal(doc: PDFKit.PDFDocument, name: string, cx: number, cy: number): void {
  doc.save().lineWidth(2).strokeColor('#c8102e').circle(cx, cy, 46).stroke();
  doc.fillColor('#c8102e').fontSize(name.length > 6 ? 9 : 11).text(name, cx - 40, cy - 14, { width: 80, align: 'center' });
  doc.fontSize(8).text('志愿服务记录', cx - 40, cy + 4, { width: 80, align: 'center' });
  doc.restore();
}

const DEFAULT_FONTS: Array<{ path: string; name?: string }> = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', name: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', name: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', name: 'NotoSansCJKsc-Regular' },
];

export function certificateFont(): { path: string; name?: string } {
  const configured = process.env.CERT_FONT_PATH;
  const candidates = configured ? [{ path: configured, name: process.env.CERT_FONT_NAME || undefined }] : DEFAULT_FONTS;
  const found = candidates.find((f) => existsSync(f.path));
  if (!found) {
    throw new AppError(
      ErrorCode.SERVICE_UNAVAILABLE,
      '服务器暂缺中文字体，暂时无法生成志愿服务证明 PDF，请稍后再试或联系社区工作人员（运维：请安装 fonts-wqy-microhei）',
    );
  }
  return found;
}


export async function renderCertificatePdf(data: CertificatePdfData): Promise<Buffer> {
  const font = certificateFont();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    info: { Title: '志愿服务证明', Author: data.communityName, Subject: `验证码 ${data.code}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont('cjk', font.path, font.name);
    doc.font('cjk');
  } catch {
    doc.end();
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, '服务器的中文字体无法读取，暂时无法生成志愿服务证明 PDF，请稍后再试');
  }

  const width = doc.page.width - 128;
  const left = 64;
  doc.fontSize(26).text('志愿服务证明', { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(11).fillColor('#555555').text(`证明编号（验证码）：${data.code}`, { align: 'center' });
  doc.fillColor('#000000').moveDown(1.2);

  const id = data.idNumberMasked ? `（身份证号 ${data.idNumberMasked}）` : '';
  doc
    .fontSize(14)
    .text(
      `兹证明 ${data.realName}${id} 为${data.communityName}注册志愿者。截至 ${beijingDateCn(data.issuedAt)}，` +
        `经活动组织方确认的志愿服务时长共计 ${data.totalHours} 小时，参加志愿服务活动 ${data.activities.length} 次。明细如下：`,
      { lineGap: 6 },
    );
  doc.moveDown(0.8);

  // The table: 序号 | 活动名称 | 日期 | 时长（小时）
  const cols = [
    { label: '序号', w: 44 },
    { label: '活动名称', w: width - 44 - 130 - 90 },
    { label: '服务日期', w: 130 },
    { label: '时长（小时）', w: 90 },
  ];
  const row = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.fontSize(bold ? 12 : 12).fillColor(bold ? '#333333' : '#000000');
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i].w - 8 }));
    const h = Math.max(...heights) + 10;
    cells.forEach((c, i) => {
      doc.text(c, x + 4, y + 5, { width: cols[i].w - 8 });
      x += cols[i].w;
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).strokeColor('#999999').lineWidth(0.5).stroke();
    doc.x = left;
    doc.y = y + h;
  };
  row(cols.map((c) => c.label), true);
  if (!data.activities.length) {
    doc.moveDown(0.5).fontSize(12).text('（暂无经确认的服务记录）', left, doc.y, { width });
  }
  data.activities.forEach((a, i) => row([String(i + 1), a.title, beijingDateCn(a.startsAt), String(a.hours)], false));
  doc.fillColor('#000000');
  doc.moveDown(1);
  doc.fontSize(12).text(`合计：${data.totalHours} 小时`, left, doc.y, { width, align: 'right' });
  doc.moveDown(1.5);

  doc.fontSize(10).fillColor('#555555').text(
    '说明：服务时长自签到（不早于活动开始）计至签退（不晚于活动结束，组织方延长的除外），按半小时向下取整，经组织方确认后记入。' +
      '本证明依据志愿服务记录开具，记录真实、准确、完整，由记录单位负责。',
    left,
    doc.y,
    { width, lineGap: 4 },
  );
  doc.moveDown(0.8);
  // The check: the QR code of the verification page on the right, the words beside it.
  const qrSize = 96;
  if (doc.y > doc.page.height - 64 - qrSize - 120) doc.addPage();
  const top = doc.y;
  drawQr(doc, data.verifyUrl, left + width - qrSize, top, qrSize);
  // Clickable too, for the PDF read on a screen.
  doc.link(left + width - qrSize, top, qrSize, qrSize, data.verifyUrl);
  doc.fillColor('#555555').fontSize(10).text(`真伪查验：${data.verifyHint}`, left, top, { width: width - qrSize - 16, lineGap: 4 });
  doc.y = Math.max(doc.y, top + qrSize) + 24;
  // The seal line: the issuing community, stamped, with the date.
  const sealY = doc.y + 46;
  drawSeal(doc, data.communityName, left + width - 60, sealY);
  doc.fillColor('#000000').fontSize(13).text(`出具单位：${data.communityName}（盖章）`, left, sealY - 18, { width: width - 120, align: 'right' });
  doc.moveDown(0.4);
  doc.text(`出具日期：${beijingDateCn(data.issuedAt)}`, left, doc.y, { width: width - 120, align: 'right' });
  doc.end();
  return done;
}
