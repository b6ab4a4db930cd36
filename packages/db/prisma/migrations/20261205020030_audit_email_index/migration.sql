-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- Audit entries that name a subscriber's address, checked by the reconciler on every tick (the address goes once no
-- subscriber has it).
CREATE INDEX CONCURRENTLY "AuditLog_email_idx" ON "AuditLog" (id) WHERE detail ? 'email';
