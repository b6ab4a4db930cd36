-- Records a run could not store (detail fetch failed, or rejected by the normaliser), retried by later runs.

-- CreateTable
CREATE TABLE "QuarantinedRecord" (
    "source" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "firstFailedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastFailedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextRetryAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "QuarantinedRecord_pkey" PRIMARY KEY ("source","recordId")
);

-- CreateIndex
CREATE INDEX "QuarantinedRecord_source_resolvedAt_nextRetryAt_idx" ON "QuarantinedRecord"("source", "resolvedAt", "nextRetryAt");
