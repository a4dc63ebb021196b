import ExcelJS from 'exceljs';
import { beijingMinute } from '../contract/format';

/** One need as the 台账 prints it: people already masked (王**, 138****0000; these files get emailed around). */
export interface LedgerNeedRow {
  id: number;
  community: string;
  category: string;
  title: string;
  urgency: string;
  status: string;
  reportedAt: Date;
  acceptedAt: Date | null;
  doneAt: Date | null;
  /** 王** (masked), or 社区代报. */
  reporter: string;
  /** 138****0000, or empty. */
  phone: string;
  rating: number | null;
}

const COLUMNS: Array<{ header: string; key: keyof LedgerNeedRow; width: number }> = [
  { header: '编号', key: 'id', width: 8 },
  { header: '社区', key: 'community', width: 12 },
  { header: '类别', key: 'category', width: 10 },
  { header: '需求', key: 'title', width: 32 },
  { header: '紧急程度', key: 'urgency', width: 9 },
  { header: '状态', key: 'status', width: 14 },
  { header: '反映时间', key: 'reportedAt', width: 17 },
  { header: '受理时间', key: 'acceptedAt', width: 17 },
  { header: '办结时间', key: 'doneAt', width: 17 },
  { header: '反映人', key: 'reporter', width: 12 },
  { header: '联系电话', key: 'phone', width: 14 },
  { header: '评价', key: 'rating', width: 6 },
];

const time = (d: Date | null) => (d ? beijingMinute(d) : '');

/** One sheet: the title row (node and period), the frozen header, the rows, a 合计 row. */
function addSheet(wb: ExcelJS.Workbook, name: string, title: string, rows: LedgerNeedRow[]): void {
  const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  const head = ws.getCell(1, 1);
  head.value = title;
  head.font = { bold: true, size: 14 };
  head.alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  header.values = COLUMNS.map((c) => c.header);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  for (const r of rows) {
    ws.addRow({ ...r, reportedAt: time(r.reportedAt), acceptedAt: time(r.acceptedAt), doneAt: time(r.doneAt), rating: r.rating ?? '' });
  }
  const accepted = rows.filter((r) => r.acceptedAt).length;
  const done = rows.filter((r) => r.doneAt).length;
  const total = ws.addRow({ id: '合计', title: `共 ${rows.length} 件，受理 ${accepted} 件，办结 ${done} 件` });
  total.font = { bold: true };
}

/**
 * The needs 台账 as an .xlsx (exceljs): a sheet of everything, and for a street or district one
 * sheet per child. Chinese headers, widths, the header row frozen, a 合计 row.
 */
export async function needsLedgerXlsx(title: string, all: LedgerNeedRow[], children: Array<{ name: string; rows: LedgerNeedRow[] }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '五社联动';
  addSheet(wb, '汇总', title, all);
  for (const c of children) addSheet(wb, c.name, `${c.name} · ${title}`, c.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
