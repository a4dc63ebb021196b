import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { beijingMinute } from '../contract/format';
import { NEED_STATUS_LABEL, type NeedStatus } from '../contract/needs';
import { ROLE_LABEL, type Role } from '../contract/users';
import { inTransaction } from '../database/transaction';
import { toDate } from '../database/raw';
import { Residence } from '../users/residence.entity';
import { User } from '../users/user.entity';
import { RoleAssignment } from '../roles/role-assignment.entity';

type Row = Record<string, unknown>;
type Cell = string | number | null;

const when = (v: unknown): string => (v == null ? '' : beijingMinute(toDate(v)));

/**
 * 我的数据 (个人信息保护法): a person downloads everything the product holds about them, and
 * deletes their account. Deleting erases or anonymises the personal fields (name, phone, ID
 * number, residence, roles, inbox, WeChat identity) and keeps the public and legal records
 * without the person: a need stays on the board (its reporter is 已注销用户), a vote still counts,
 * hours stay in the ledgers. The account's tokens stop working at once (AuthGuard reads the row).
 */
@Injectable()
export class MyDataService {
  constructor(
    private readonly db: DataSource,
    private readonly pii: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The workbook: one sheet per kind of record, in the person's own words and full (it is theirs). */
  async exportXlsx(principal: Principal): Promise<Buffer> {
    const uid = principal.userId;
    const q = (sql: string) => this.db.query(sql, [uid]) as Promise<Row[]>;
    const user = await this.db.manager.findOneByOrFail(User, { id: uid });
    const residence = (await q(`SELECT n.name, r.building, r.unit, r.status FROM residence r JOIN service_node n ON n.id = r.community_id WHERE r.user_id = ?`))[0];
    const roles = await q(`SELECT g.role, n.name FROM role_assignment g JOIN service_node n ON n.id = g.node_id WHERE g.user_id = ? ORDER BY g.id`);
    const volunteer = (await q(`SELECT real_name_enc, id_number_masked, status, created_at FROM volunteer WHERE user_id = ?`))[0];

    const wb = new ExcelJS.Workbook();
    wb.creator = '五社联动';
    const sheet = (name: string, headers: string[], rows: Cell[][]) => {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length * 3) }));
      ws.getRow(1).font = { bold: true };
      for (const r of rows) ws.addRow(r);
    };
    sheet('个人信息', ['项目', '内容'], [
      ['昵称', user.nickname],
      ['手机号', user.phoneEnc ? this.pii.decrypt(user.phoneEnc) : '未绑定'],
      ['注册时间', when(user.createdAt)],
      ['居住社区', residence ? `${String(residence.name)} ${String(residence.building)} ${String(residence.unit)}（${residence.status === 'confirmed' ? '已确认' : '待确认'}）` : '未登记'],
      ['身份', roles.map((r) => `${String(r.name)} ${ROLE_LABEL[r.role as Role]}`).join('；') || '无'],
      ['志愿者登记', volunteer ? `${this.pii.decrypt(String(volunteer.real_name_enc))} ${String(volunteer.id_number_masked ?? '')}（登记于 ${when(volunteer.created_at)}）` : '未登记'],
    ]);
    sheet('我反映的需求', ['编号', '标题', '描述', '状态', '反映时间', '评价', '评价内容'],
      (await q(`SELECT id, title, description, status, created_at, rating, rating_comment FROM need WHERE reporter_id = ? ORDER BY id`)).map((r) => [
        Number(r.id), String(r.title), String(r.description), NEED_STATUS_LABEL[r.status as NeedStatus], when(r.created_at), r.rating == null ? null : Number(r.rating), (r.rating_comment as string | null) ?? '',
      ]));
    sheet('我也遇到了', ['需求编号', '标题', '时间'],
      (await q(`SELECT n.id, n.title, f.created_at FROM need_follower f JOIN need n ON n.id = f.need_id WHERE f.user_id = ? ORDER BY f.id`)).map((r) => [Number(r.id), String(r.title), when(r.created_at)]));
    sheet('议题投票', ['议题', '我的选择', '时间'],
      (await q(`SELECT t.title, o.label, v.updated_at FROM consult_vote v JOIN consult_topic t ON t.id = v.topic_id JOIN consult_option o ON o.id = v.option_id WHERE v.user_id = ? ORDER BY v.id`)).map((r) => [String(r.title), String(r.label), when(r.updated_at)]));
    sheet('议事会报名', ['地点', '时间', '报名时间'],
      (await q(`SELECT m.place, m.starts_at, s.created_at FROM consult_meeting_signup s JOIN consult_meeting m ON m.id = s.meeting_id WHERE s.user_id = ? ORDER BY s.id`)).map((r) => [String(r.place), when(r.starts_at), when(r.created_at)]));
    sheet('志愿活动', ['活动', '时间', '报名状态', '记录时长（分钟）'],
      (await q(`SELECT a.title, a.starts_at, s.status, s.credited_minutes FROM volunteer_signup s JOIN volunteer_activity a ON a.id = s.activity_id WHERE s.user_id = ? ORDER BY s.id`)).map((r) => [String(r.title), when(r.starts_at), String(r.status), r.credited_minutes == null ? null : Number(r.credited_minutes)]));
    sheet('志愿任务', ['任务', '时间', '状态', '记录时长（分钟）'],
      (await q(`SELECT title, starts_at, status, credited_minutes FROM volunteer_task WHERE claimed_by = ? ORDER BY id`)).map((r) => [String(r.title), when(r.starts_at), String(r.status), r.credited_minutes == null ? null : Number(r.credited_minutes)]));
    sheet('积分', ['变动', '原因', '时间'],
      (await q(`SELECT delta, reason, created_at FROM volunteer_points WHERE user_id = ? ORDER BY id`)).map((r) => [Number(r.delta), String(r.reason), when(r.created_at)]));
    sheet('认领的心愿', ['心愿', '状态', '认领时间'],
      (await q(`SELECT w.title, c.status, c.claimed_at FROM wish_claim c JOIN wish w ON w.id = c.wish_id WHERE c.user_id = ? ORDER BY c.id`)).map((r) => [String(r.title), String(r.status), when(r.claimed_at)]));
    sheet('消息', ['标题', '内容', '时间'],
      (await q(`SELECT title, body, created_at FROM inbox_message WHERE user_id = ? ORDER BY id`)).map((r) => [String(r.title), String(r.body), when(r.created_at)]));

    await inTransaction(this.db, (m) => this.audit.record(m, { actorId: uid, action: 'user.export', entityType: 'user', entityId: uid }));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Deletes the account (see the class comment); the audit row keeps that it happened, not who it was. */
  async deleteAccount(principal: Principal): Promise<void> {
    const uid = principal.userId;
    const gone = `deleted:${uid}:${randomBytes(6).toString('hex')}`;
    await inTransaction(this.db, async (m) => {
      const now = this.clock.now();
      await m.update(User, { id: uid }, {
        openid: gone,
        unionid: null,
        nickname: '已注销用户',
        sessionKeyEnc: null,
        phoneEnc: null,
        phoneHash: null,
        phoneMasked: null,
        demoKey: null,
        deletedAt: now,
      });
      await m.delete(Residence, { userId: uid });
      await m.delete(RoleAssignment, { userId: uid });
      // The volunteer registration loses the person; the hours stay in the ledgers under 已注销.
      await m.query(
        `UPDATE volunteer SET real_name_enc = ?, real_name_masked = '已注销', phone_enc = ?, phone_hash = ?, phone_masked = '', id_number_enc = NULL, id_number_hash = NULL, id_number_masked = NULL WHERE user_id = ?`,
        [this.pii.encrypt('已注销'), this.pii.encrypt(''), gone, uid],
      );
      // Thanks on a wish named the claimer: now anonymous.
      await m.query(`UPDATE wish_claim SET anonymous = ?, public_name = NULL WHERE user_id = ?`, [true, uid]);
      for (const table of ['inbox_message', 'outbox_message', 'subscription_credit']) {
        await m.query(`DELETE FROM ${table} WHERE user_id = ?`, [uid]);
      }
      await this.audit.record(m, { actorId: uid, action: 'user.delete', entityType: 'user', entityId: uid });
    });
  }
}
