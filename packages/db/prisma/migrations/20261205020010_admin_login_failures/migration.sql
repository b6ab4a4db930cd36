-- Admin lockout per account and client (issue 20): failures from one address lock that address out, never the admin
-- elsewhere. The account-wide counters are replaced by one row per account and client.
ALTER TABLE "AdminUser" DROP COLUMN "failedLogins",
DROP COLUMN "lockedUntil";

-- CreateTable
CREATE TABLE "AdminLoginFailure" (
    "adminUserId" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "lastFailedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminLoginFailure_pkey" PRIMARY KEY ("adminUserId","client")
);

-- AddForeignKey
ALTER TABLE "AdminLoginFailure" ADD CONSTRAINT "AdminLoginFailure_adminUserId_fkey" FOREIGN KEY ("adminUserId") REFERENCES "AdminUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;
