import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { beijingMinute, maskName } from '../contract/format';
import { DONOR_KIND_LABEL, type DonorKind, ENTRY_KIND_LABEL, type EntryKind } from '../contract/funds';
import { NEED_STATUS_LABEL, type NeedStatus, type Urgency, URGENCY_LABEL } from '../contract/needs';
import { PROJECT_STATUS_LABEL, type ProjectStatus } from '../contract/projects';
import { LEDGER_LABEL, type LedgerKind } from '../contract/stats';
import { WISH_CATEGORY_LABEL, WISH_STATUS_LABEL, type WishCategory, type WishStatus } from '../contract/wishes';
import { sqlTime, toDate, toNum } from '../database/raw';
import type { ServiceNode } from '../tree/service-node.entity';

/**
 * 台账 (ledgers) as .xlsx files built with exceljs: one kind per table of the loop (needs, fund,
 * volunteer hours, wishes, projects), each a sheet of the node's whole subtree and, for a street
 * or district, one sheet per child. Chinese headers, widths, the header row frozen, the node and
 * period in the title row, a 合计 row. People are masked (王**, 138****0000): these files get
 * emailed around.
 */

type Cell = string | number | Date | null;
/** A ledger row: its cells by column key, and the path of the community (or fund node) it belongs to. */
export type LedgerRow = { path: string } & Record<string, Cell>;

interface Column {
  header: string;
  key: string;
  width: number;
  /** fen, shown in yuan with two decimals. */
  money?: boolean;
}

interface LedgerSpec {
  columns: Column[];
  /** The cells of the 合计 row (the first column says 合计). */
  total(rows: LedgerRow[]): Record<string, Cell>;
}

export interface Period {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

const sum = (rows: LedgerRow[], key: string) => rows.reduce((s, r) => s + toNum(r[key]), 0);

function cellValue(c: Column, v: Cell): Cell {
  if (v == null) return '';
  if (v instanceof Date) return beijingMinute(v);
  if (c.money && typeof v === 'number') return v / 100;
  return v;
}

function addSheet(wb: ExcelJS.Workbook, name: string, title: string, spec: LedgerSpec, rows: LedgerRow[]): void {
  const ws = wb.addWorksheet(name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = spec.columns.map((c) => ({ key: c.key, width: c.width, style: c.money ? { numFmt: '#,##0.00' } : {} }));
  ws.mergeCells(1, 1, 1, spec.columns.length);
  const head = ws.getCell(1, 1);
  head.value = title;
  head.font = { bold: true, size: 14 };
  head.alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  header.values = spec.columns.map((c) => c.header);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  for (const r of rows) ws.addRow(Object.fromEntries(spec.columns.map((c) => [c.key, cellValue(c, r[c.key] ?? null)])));
  const totals = spec.total(rows);
  const total = ws.addRow(Object.fromEntries(spec.columns.map((c, i) => [c.key, i === 0 ? '合计' : cellValue(c, totals[c.key] ?? null)])));
  total.font = { bold: true };
}

/** The workbook: 汇总 (the whole subtree), then one sheet per child with its own rows. */
export async function ledgerXlsx(kind: LedgerKind, node: Pick<ServiceNode, 'name'>, period: Period, rows: LedgerRow[], children: Array<Pick<ServiceNode, 'name' | 'path'>>): Promise<Buffer> {
  const spec = SPECS[kind];
  const title = `${node.name}${LEDGER_LABEL[kind]}（${period.from} 至 ${period.to}）`;
  const wb = new ExcelJS.Workbook();
  wb.creator = '五社联动';
  addSheet(wb, '汇总', title, spec, rows);
  for (const c of children) addSheet(wb, c.name, `${c.name} · ${title}`, spec, rows.filter((r) => r.path.startsWith(c.path)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const SPECS: Record<LedgerKind, LedgerSpec> = {
  needs: {
    columns: [
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
    ],
    total: (rows) => ({ title: `共 ${rows.length} 件，受理 ${rows.filter((r) => r.acceptedAt).length} 件，办结 ${rows.filter((r) => r.doneAt).length} 件` }),
  },
  fund: {
    columns: [
      { header: '日期', key: 'date', width: 12 },
      { header: '账户', key: 'account', width: 14 },
      { header: '类型', key: 'kind', width: 12 },
      { header: '收入（元）', key: 'income', width: 13, money: true },
      { header: '支出（元）', key: 'spending', width: 13, money: true },
      { header: '来源或用途', key: 'what', width: 30 },
      { header: '捐赠方', key: 'donor', width: 16 },
      { header: '渠道', key: 'channel', width: 10 },
      { header: '票据号', key: 'receipt', width: 14 },
      { header: '经办人', key: 'recorder', width: 10 },
    ],
    total: (rows) => ({ income: sum(rows, 'income'), spending: sum(rows, 'spending'), what: `共 ${rows.length} 笔` }),
  },
  'volunteer-hours': {
    columns: [
      { header: '服务日期', key: 'date', width: 17 },
      { header: '社区', key: 'community', width: 12 },
      { header: '活动', key: 'activity', width: 30 },
      { header: '志愿者', key: 'volunteer', width: 10 },
      { header: '联系电话', key: 'phone', width: 14 },
      { header: '时长（小时）', key: 'hours', width: 12 },
    ],
    total: (rows) => ({
      activity: `${new Set(rows.map((r) => r.activityId)).size} 场活动，${new Set(rows.map((r) => r.userId)).size} 名志愿者`,
      hours: Math.round(sum(rows, 'hours') * 10) / 10,
    }),
  },
  wishes: {
    columns: [
      { header: '编号', key: 'id', width: 8 },
      { header: '社区', key: 'community', width: 12 },
      { header: '心愿', key: 'title', width: 26 },
      { header: '类别', key: 'category', width: 12 },
      { header: '价值（元）', key: 'value', width: 12, money: true },
      { header: '受助人', key: 'beneficiary', width: 10 },
      { header: '状态', key: 'status', width: 10 },
      { header: '发布时间', key: 'createdAt', width: 17 },
      { header: '认领人', key: 'claimer', width: 12 },
      { header: '党员认领', key: 'party', width: 9 },
      { header: '送达时间', key: 'deliveredAt', width: 17 },
    ],
    total: (rows) => ({
      title: `共 ${rows.length} 个，认领 ${rows.filter((r) => r.claimer).length} 个，送达 ${rows.filter((r) => r.deliveredAt).length} 个`,
      value: sum(rows, 'value'),
    }),
  },
  projects: {
    columns: [
      { header: '编号', key: 'id', width: 8 },
      { header: '社区', key: 'community', width: 12 },
      { header: '项目', key: 'title', width: 28 },
      { header: '承接组织', key: 'org', width: 20 },
      { header: '状态', key: 'status', width: 14 },
      { header: '开始日期', key: 'startsOn', width: 12 },
      { header: '结束日期', key: 'endsOn', width: 12 },
      { header: '预算（元）', key: 'budget', width: 13, money: true },
      { header: '服务人次', key: 'served', width: 10 },
      { header: '评估得分', key: 'score', width: 10 },
    ],
    total: (rows) => ({ title: `共 ${rows.length} 个项目`, budget: sum(rows, 'budget'), served: sum(rows, 'served') }),
  },
};

type Raw = Record<string, unknown>;
const str = (v: unknown) => (v == null ? null : String(v));
const when = (v: unknown) => (v == null ? null : toDate(v));

/** The rows of a ledger kind for a subtree and period, people masked. */
export async function readLedgerRows(db: DataSource, kind: LedgerKind, node: Pick<ServiceNode, 'path'>, p: Period): Promise<LedgerRow[]> {
  const times = [`${node.path}%`, sqlTime(db, p.start), sqlTime(db, p.end)];
  const days = [`${node.path}%`, p.from, p.to];
  switch (kind) {
    case 'needs': {
      const raw: Raw[] = await db.query(
        `SELECT n.id AS id, c.name AS community, c.path AS path, cat.label AS category, n.title AS title, n.urgency AS urgency, n.status AS status,
                n.created_at AS created_at, n.accepted_at AS accepted_at, n.done_at AS done_at, n.rating AS rating, n.proxy AS proxy,
                n.proxy_phone_masked AS proxy_phone, u.nickname AS nickname, u.phone_masked AS phone
           FROM need n JOIN service_node c ON c.id = n.community_id JOIN need_category cat ON cat.id = n.category_id
           LEFT JOIN app_user u ON u.id = n.reporter_id
          WHERE c.path LIKE ? AND n.created_at >= ? AND n.created_at < ?
          ORDER BY n.id`,
        times,
      );
      return raw.map((r) => {
        const proxy = Boolean(toNum(r.proxy));
        return {
          path: String(r.path),
          id: toNum(r.id),
          community: String(r.community),
          category: String(r.category),
          title: String(r.title),
          urgency: URGENCY_LABEL[r.urgency as Urgency],
          status: NEED_STATUS_LABEL[r.status as NeedStatus],
          reportedAt: toDate(r.created_at),
          acceptedAt: when(r.accepted_at),
          doneAt: when(r.done_at),
          reporter: proxy ? '社区代报' : r.nickname ? maskName(String(r.nickname)) : '',
          phone: str(proxy ? r.proxy_phone : r.phone),
          rating: r.rating == null ? null : toNum(r.rating),
        };
      });
    }
    case 'fund': {
      const raw: Raw[] = await db.query(
        `SELECT e.occurred_on AS occurred_on, c.name AS account, c.path AS path, e.kind AS kind, e.flow AS flow, e.amount AS amount,
                e.donor_name AS donor_name, e.anonymous AS anonymous, e.donor_kind AS donor_kind, e.channel AS channel, e.receipt_ref AS receipt_ref,
                e.note AS note, e.reason AS reason, a.purpose AS purpose, u.nickname AS recorder
           FROM fund_entry e JOIN fund f ON f.id = e.fund_id JOIN service_node c ON c.id = f.node_id
           LEFT JOIN fund_allocation a ON a.id = e.allocation_id LEFT JOIN app_user u ON u.id = e.recorded_by
          WHERE c.path LIKE ? AND e.occurred_on >= ? AND e.occurred_on <= ?
          ORDER BY e.occurred_on, e.id`,
        days,
      );
      return raw.map((r) => {
        const amount = toNum(r.amount);
        const donorKind = r.donor_kind as DonorKind | null;
        // A person who gave is masked; an enterprise or organization is named, as on the public ledger.
        const donor = r.donor_name == null ? '' : toNum(r.anonymous) ? '匿名' : donorKind === 'individual' ? maskName(String(r.donor_name)) : String(r.donor_name);
        return {
          path: String(r.path),
          date: String(r.occurred_on).slice(0, 10),
          account: String(r.account),
          kind: ENTRY_KIND_LABEL[r.kind as EntryKind] ?? String(r.kind),
          income: r.flow === 'in' ? amount : null,
          spending: r.flow === 'out' ? -amount : null,
          what: str(r.purpose ?? r.reason ?? r.note) ?? '',
          donor: donor ? `${donor}${donorKind && donor !== '匿名' ? `（${DONOR_KIND_LABEL[donorKind]}）` : ''}` : '',
          channel: str(r.channel),
          receipt: str(r.receipt_ref),
          recorder: r.recorder ? maskName(String(r.recorder)) : '',
        };
      });
    }
    case 'volunteer-hours': {
      const raw: Raw[] = await db.query(
        `SELECT a.id AS activity_id, a.starts_at AS starts_at, a.title AS activity, c.name AS community, c.path AS path, s.user_id AS user_id, s.credited_minutes AS minutes,
                (SELECT MIN(v.real_name_masked) FROM volunteer v WHERE v.user_id = s.user_id) AS name,
                (SELECT MIN(v.phone_masked) FROM volunteer v WHERE v.user_id = s.user_id) AS phone
           FROM volunteer_signup s JOIN volunteer_activity a ON a.id = s.activity_id JOIN service_node c ON c.id = a.community_id
          WHERE c.path LIKE ? AND a.attendance_confirmed_at IS NOT NULL AND s.credited_minutes > 0 AND a.starts_at >= ? AND a.starts_at < ?
          ORDER BY a.starts_at, a.id, s.id`,
        times,
      );
      return raw.map((r) => ({
        path: String(r.path),
        activityId: toNum(r.activity_id),
        userId: toNum(r.user_id),
        date: toDate(r.starts_at),
        community: String(r.community),
        activity: String(r.activity),
        volunteer: str(r.name) ?? '',
        phone: str(r.phone),
        hours: Math.round((toNum(r.minutes) / 60) * 10) / 10,
      }));
    }
    case 'wishes': {
      const raw: Raw[] = await db.query(
        `SELECT w.id AS id, c.name AS community, c.path AS path, w.title AS title, w.category AS category, w.value_fen AS value_fen, w.beneficiary_masked AS beneficiary,
                w.status AS status, w.created_at AS created_at, w.delivered_at AS delivered_at,
                k.anonymous AS anonymous, k.as_party_member AS party, k.public_name AS public_name, u.nickname AS nickname, k.id AS claim_id
           FROM wish w JOIN service_node c ON c.id = w.community_id
           LEFT JOIN wish_claim k ON k.id = (SELECT MAX(k2.id) FROM wish_claim k2 WHERE k2.wish_id = w.id AND k2.status IN ('active', 'delivered'))
           LEFT JOIN app_user u ON u.id = k.user_id
          WHERE c.path LIKE ? AND w.created_at >= ? AND w.created_at < ?
          ORDER BY w.id`,
        times,
      );
      return raw.map((r) => ({
        path: String(r.path),
        id: toNum(r.id),
        community: String(r.community),
        title: String(r.title),
        category: WISH_CATEGORY_LABEL[r.category as WishCategory] ?? String(r.category),
        value: toNum(r.value_fen),
        beneficiary: str(r.beneficiary),
        status: WISH_STATUS_LABEL[r.status as WishStatus] ?? String(r.status),
        createdAt: toDate(r.created_at),
        claimer: r.claim_id == null ? null : toNum(r.anonymous) ? '匿名' : maskName(String(r.public_name ?? r.nickname ?? '')),
        party: r.claim_id == null ? null : toNum(r.party) ? '是' : '否',
        deliveredAt: when(r.delivered_at),
      }));
    }
    case 'projects': {
      // Projects running at any time in the period: started by its end, not completed before its start.
      const raw: Raw[] = await db.query(
        `SELECT p.id AS id, c.name AS community, c.path AS path, p.title AS title, o.name AS org, p.status AS status, p.starts_on AS starts_on, p.ends_on AS ends_on,
                p.budget_fen AS budget_fen, p.score AS score,
                (SELECT SUM(g.people_served) FROM project_progress g WHERE g.project_id = p.id) AS served
           FROM service_project p JOIN service_node c ON c.id = p.community_id JOIN organization o ON o.id = p.org_id
          WHERE c.path LIKE ? AND p.created_at < ? AND (p.completed_at IS NULL OR p.completed_at >= ?)
          ORDER BY p.id`,
        [`${node.path}%`, sqlTime(db, p.end), sqlTime(db, p.start)],
      );
      return raw.map((r) => ({
        path: String(r.path),
        id: toNum(r.id),
        community: String(r.community),
        title: String(r.title),
        org: String(r.org),
        status: PROJECT_STATUS_LABEL[r.status as ProjectStatus] ?? String(r.status),
        startsOn: String(r.starts_on).slice(0, 10),
        endsOn: String(r.ends_on).slice(0, 10),
        budget: toNum(r.budget_fen),
        served: toNum(r.served),
        score: r.score == null ? null : Math.round(Number(r.score) * 10) / 10,
      }));
    }
  }
}

