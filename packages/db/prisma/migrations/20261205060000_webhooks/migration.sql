-- A second channel: an alert's matches can go to an HTTPS endpoint (Webhook) instead of its subscriber's email.
-- AlterEnum
ALTER TYPE "DeliveryKind" ADD VALUE 'WEBHOOK';
ALTER TYPE "DeliveryKind" ADD VALUE 'WEBHOOK_DISABLED';

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('EMAIL', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "WebhookFormat" AS ENUM ('JSON', 'SLACK', 'TEAMS');

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "channel" "Channel" NOT NULL DEFAULT 'EMAIL';

-- CreateTable
CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "format" "WebhookFormat" NOT NULL DEFAULT 'JSON',
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failingSince" TIMESTAMP(3),
    "lastError" TEXT,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Webhook_subscriptionId_key" ON "Webhook"("subscriptionId");

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;
