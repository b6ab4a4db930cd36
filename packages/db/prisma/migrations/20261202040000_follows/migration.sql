-- Follow one question until it is answered (issue 15): events for holding answers and withdrawals, which only
-- followers read (the matcher reads ANSWERED and CORRECTED alone), a FOLLOW delivery kind and the Follow table.
-- ADD VALUE appends, so the order of each enum matches the schema. The new values are not used in this migration.
ALTER TYPE "QuestionEventKind" ADD VALUE 'HOLDING';
ALTER TYPE "QuestionEventKind" ADD VALUE 'WITHDRAWN';
ALTER TYPE "DeliveryKind" ADD VALUE 'FOLLOW';

-- CreateTable
CREATE TABLE "Follow" (
    "id" TEXT NOT NULL,
    "subscriberId" TEXT NOT NULL,
    "questionId" INTEGER NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "lastEventId" BIGINT,
    "endsAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Follow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Follow_questionId_idx" ON "Follow"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "Follow_subscriberId_questionId_key" ON "Follow"("subscriberId", "questionId");

-- AddForeignKey
ALTER TABLE "Follow" ADD CONSTRAINT "Follow_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Follow" ADD CONSTRAINT "Follow_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A confirmation email lists pending follows beside pending alerts, and its link confirms exactly those.
ALTER TABLE "ConfirmationRequest" ADD COLUMN "followIds" TEXT[] DEFAULT ARRAY[]::TEXT[];
