-- The follow form's "Also tell me if it is not answered by its due date" (issue #15), and when that one "still
-- waiting" email went. Added last, so existing follows keep their rows and say no. Ordered after
-- 20261202060000_tabled_alerts, which touches other tables only.

-- AlterTable
ALTER TABLE "Follow" ADD COLUMN     "wantsOverdueNote" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "overdueNotedAt" TIMESTAMP(3);
