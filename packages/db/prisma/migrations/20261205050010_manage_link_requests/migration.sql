-- "Email me my manage link" (issue #23): each request for an address we hold is a row before its email is owed, so
-- the reconciler can plan the email a crashed request never did, and the per-mailbox limit counts them. The row
-- holds no address and no client IP, and goes with its subscriber.
-- CreateTable
CREATE TABLE "ManageLinkRequest" (
    "id" TEXT NOT NULL,
    "subscriberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManageLinkRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ManageLinkRequest_subscriberId_createdAt_idx" ON "ManageLinkRequest"("subscriberId", "createdAt");

-- CreateIndex
CREATE INDEX "ManageLinkRequest_createdAt_idx" ON "ManageLinkRequest"("createdAt");

-- AddForeignKey
ALTER TABLE "ManageLinkRequest" ADD CONSTRAINT "ManageLinkRequest_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;
