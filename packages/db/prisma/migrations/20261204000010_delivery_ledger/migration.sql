-- The database is the ledger (issue #19): every email owed is a PENDING Delivery row before any job exists; match
-- ranges not yet matched and digest runs not yet planned have rows of their own. Redis only carries the work.
ALTER TABLE "Delivery" ADD COLUMN "job" JSONB,
ADD COLUMN "dueAt" TIMESTAMP(3),
ADD COLUMN "dispatches" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "claimedAt" TIMESTAMP(3),
ADD COLUMN "matchIds" BIGINT[] DEFAULT ARRAY[]::BIGINT[];

-- CreateTable
CREATE TABLE "MatchWork" (
    "fromEventId" BIGINT NOT NULL,
    "toEventId" BIGINT NOT NULL,
    "partition" INTEGER NOT NULL,
    "partitions" INTEGER NOT NULL,
    "dispatches" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchWork_pkey" PRIMARY KEY ("fromEventId","toEventId","partition","partitions")
);

-- CreateTable
CREATE TABLE "DigestRun" (
    "frequency" "Frequency" NOT NULL,
    "runKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "plannedAt" TIMESTAMP(3),
    "deliveries" INTEGER NOT NULL DEFAULT 0,
    "dispatches" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestRun_pkey" PRIMARY KEY ("frequency","runKey")
);
