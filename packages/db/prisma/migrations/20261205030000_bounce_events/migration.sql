-- Bounces and complaints coming back in (the bouncer's SMTP receiver, the SES webhook): each one with its evidence,
-- and the suppression it caused linked to it. And the SNS subscription requests the SES webhook received.

-- CreateEnum
CREATE TYPE "BounceKind" AS ENUM ('HARD', 'SOFT', 'COMPLAINT');

-- CreateTable
CREATE TABLE "BounceEvent" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "kind" "BounceKind" NOT NULL,
    "channel" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT,
    "diagnostic" TEXT,
    "evidence" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "BounceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnsSubscriptionRequest" (
    "topicArn" TEXT NOT NULL,
    "subscribeUrl" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "SnsSubscriptionRequest_pkey" PRIMARY KEY ("topicArn")
);

-- AlterTable
ALTER TABLE "Suppression" ADD COLUMN "bounceEventId" BIGINT;

-- CreateIndex
CREATE UNIQUE INDEX "BounceEvent_dedupeKey_key" ON "BounceEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "BounceEvent_email_receivedAt_idx" ON "BounceEvent"("email", "receivedAt");

-- AddForeignKey
ALTER TABLE "Suppression" ADD CONSTRAINT "Suppression_bounceEventId_fkey" FOREIGN KEY ("bounceEventId") REFERENCES "BounceEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
