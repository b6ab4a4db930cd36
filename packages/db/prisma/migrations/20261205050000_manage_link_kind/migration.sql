-- "Email me my manage link" (issue #23): a delivery kind of its own. A value added to an enum cannot be used in the
-- transaction that adds it: alone in its migration, so the next migration (and the code) can use it.
ALTER TYPE "DeliveryKind" ADD VALUE 'MANAGE_LINK';
