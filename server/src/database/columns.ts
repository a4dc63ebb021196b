import { Column, type ColumnOptions, JoinColumn, ManyToOne, type ObjectType, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Column shapes shared by every entity, so that the entities and the migrations
 * (database/migrations) describe the same schema on MariaDB/MySQL and SQLite.
 * Times are datetime(3) in UTC: MariaDB drops milliseconds from a bare datetime.
 */
export const IdColumn = () => PrimaryGeneratedColumn({ type: 'integer' });
export const TimeColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });
export const RefColumn = (options: ColumnOptions = {}) => Column({ type: 'int', ...options });

/**
 * Declares the foreign key behind an id column (the entity keeps the plain `xxxId` column for
 * reads and writes; this relation exists so the schema check sees the same constraint the
 * migration created). `column` is the snake_case column name.
 */
export function ForeignKey<T>(
  target: () => ObjectType<T>,
  column: string,
  constraintName: string,
  onDelete: 'RESTRICT' | 'CASCADE' | 'SET NULL' = 'RESTRICT',
): PropertyDecorator {
  return (proto, key) => {
    ManyToOne(target, { onDelete, onUpdate: 'NO ACTION', nullable: true })(proto, key as string);
    JoinColumn({ name: column, foreignKeyConstraintName: constraintName })(proto, key as string);
  };
}
