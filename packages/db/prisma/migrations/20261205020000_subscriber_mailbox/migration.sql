-- The per-mailbox cap on unconfirmed sign-ups (issue 20): every address of one mailbox counts together. The pipeline
-- writes `mailbox` with each new subscriber (mailboxKey in @alerts/pipeline); existing rows get it here by the same
-- rule: the `+tag` dropped, and at Gmail the dots too, with googlemail.com folded into gmail.com.
ALTER TABLE "Subscriber" ADD COLUMN "mailbox" TEXT;

UPDATE "Subscriber" SET "mailbox" = (
  SELECT CASE WHEN domain IN ('gmail.com', 'googlemail.com') THEN replace(base, '.', '') || '@gmail.com' ELSE base || '@' || domain END
  FROM (
    SELECT CASE WHEN strpos(local, '+') > 1 THEN left(local, strpos(local, '+') - 1) ELSE local END AS base, domain
    FROM (SELECT left(email, length(email) - strpos(reverse(email), '@')) AS local, right(email, strpos(reverse(email), '@') - 1) AS domain) AS parts
  ) AS folded
);

-- CreateIndex
CREATE INDEX "Subscriber_mailbox_idx" ON "Subscriber"("mailbox");
