-- Claims live on the match rows (Match."deliveryId"), set when the match is inserted (a match job's immediate alert)
-- or on a delivery's first attempt: the list of claimed ids on the delivery row is no longer kept (issue #19, cost).
ALTER TABLE "Delivery" DROP COLUMN "matchIds";
