import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Columns every tenant-owned row has. Every read goes through {@link TenantScopedReader}, which
 * always filters by `tenant_id`, so a query cannot forget the tenant (ARCHITECTURE §5).
 */
export abstract class TenantScopedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  // Millisecond precision, like JavaScript's Date: keyset cursors carry created_at through JS, and a
  // microsecond value would compare greater than its own cursor and repeat rows across pages.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
