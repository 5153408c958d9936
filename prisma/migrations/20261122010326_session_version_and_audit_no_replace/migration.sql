-- User.sessionVersion: bumped by a password reset; sessions carrying an older version are refused.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- INSERT OR REPLACE deletes the conflicting row without firing delete triggers (SQLite), which would let
-- an event be replaced in place. Refuse any insert that collides with an existing event.
CREATE TRIGGER "AuditEvent_no_replace" BEFORE INSERT ON "AuditEvent"
WHEN EXISTS (SELECT 1 FROM "AuditEvent" WHERE "id" = NEW."id" OR "prevHash" = NEW."prevHash" OR "hash" = NEW."hash")
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;
