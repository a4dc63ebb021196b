import type { TableColumnOptions } from 'typeorm';

/**
 * Column builders for migrations, matching database/columns.ts. Written with TypeORM's
 * schema-builder API, one migration serves MariaDB/MySQL and SQLite alike.
 */
export const col = {
  // SQLite allows AUTOINCREMENT only on a column typed exactly INTEGER; MySQL reads it as int.
  id: (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  int: (name: string, o: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'int', ...o }),
  str: (name: string, length: number, o: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    ...o,
  }),
  text: (name: string, o: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', ...o }),
  bool: (name: string, o: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'boolean', ...o }),
  time: (name: string, o: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'datetime', precision: 3, ...o }),
};

/** A foreign key to `table.id`, for the `foreignKeys` of a Table (created with the table, as SQLite wants). */
export const fk = (name: string, column: string, table: string, onDelete: 'RESTRICT' | 'CASCADE' | 'SET NULL' = 'RESTRICT') => ({
  name,
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
  onDelete,
});
