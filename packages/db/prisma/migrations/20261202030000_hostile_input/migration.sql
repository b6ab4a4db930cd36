-- Issue #14. A confirmation link confirms exactly the alerts its email listed: each confirmation email records them.
CREATE TABLE "ConfirmationRequest" (
    "id" TEXT NOT NULL,
    "subscriberId" TEXT NOT NULL,
    "subscriptionIds" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfirmationRequest_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ConfirmationRequest_subscriberId_idx" ON "ConfirmationRequest"("subscriberId");

ALTER TABLE "ConfirmationRequest" ADD CONSTRAINT "ConfirmationRequest_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Admin sessions carry sessionVersion (logout ends them all), and failed logins lock the account for a while.
ALTER TABLE "AdminUser" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "failedLogins" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "lockedUntil" TIMESTAMP(3);
