import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from './schema';

/** Reminders sent to volunteers before an activity (the day before, the hour before): one row each, once. */
export class VolunteerReminders1764050000000 implements MigrationInterface {
  name = 'VolunteerReminders1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'volunteer_reminder',
        columns: [col.id(), col.int('signup_id'), col.str('kind', 8), col.time('sent_at')],
        indices: [{ name: 'uq_volunteer_reminder', columnNames: ['signup_id', 'kind'], isUnique: true }],
        foreignKeys: [
          { name: 'fk_volunteer_reminder_signup', columnNames: ['signup_id'], referencedTableName: 'volunteer_signup', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('volunteer_reminder');
  }
}
