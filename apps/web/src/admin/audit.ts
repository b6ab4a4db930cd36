import type { Db, Prisma } from '@alerts/db';

type Client = Pick<Db, 'auditLog'> | Prisma.TransactionClient;

/** Record an admin action; call inside the same transaction as the change, so neither happens without the other. */
export function audit(
  db: Client,
  entry: {
    adminUserId: string;
    action: string;
    targetType?: string;
    targetId?: string;
    detail?: Prisma.InputJsonValue;
  },
) {
  return db.auditLog.create({ data: entry });
}
