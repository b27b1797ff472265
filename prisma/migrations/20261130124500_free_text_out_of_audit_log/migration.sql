-- Problem reports and anchoring answers recorded before FreeText kept their free text (which may be
-- about people) in AuditLog.details, against the audit log's rule of ids only. The text moves to
-- FreeText; the audit row keeps the text's id, under the key the code reads today. An anchoring
-- answer's row also loses its copy of the respondent's address (the actor column names who answered).

INSERT INTO "FreeText" ("id", "kind", "entity", "entityId", "text", "createdAt")
SELECT 'audit-' || "id" || '-description', 'problem-report', COALESCE("entity", 'CompanyTrack'), COALESCE("entityId", ''), "details"->>'description', "at"
FROM "AuditLog"
WHERE "action" = 'company.problem-report' AND jsonb_typeof("details"->'description') = 'string' AND NOT "details" ? 'descriptionId';

UPDATE "AuditLog"
SET "details" = ("details" - 'description') || jsonb_build_object('descriptionId', 'audit-' || "id" || '-description')
WHERE "action" = 'company.problem-report' AND jsonb_typeof("details"->'description') = 'string' AND NOT "details" ? 'descriptionId';

INSERT INTO "FreeText" ("id", "kind", "entity", "entityId", "text", "createdAt")
SELECT 'audit-' || "id" || '-note', 'anchoring-note', COALESCE("entity", 'CompanyTrack'), COALESCE("entityId", ''), "details"->>'note', "at"
FROM "AuditLog"
WHERE "action" = 'company.anchoring-answer' AND jsonb_typeof("details"->'note') = 'string' AND btrim("details"->>'note') <> '';

UPDATE "AuditLog"
SET "details" = ("details" - 'note' - 'answeredBy')
  || CASE WHEN jsonb_typeof("details"->'note') = 'string' AND btrim("details"->>'note') <> ''
          THEN jsonb_build_object('noteId', 'audit-' || "id" || '-note') ELSE '{}'::jsonb END
WHERE "action" = 'company.anchoring-answer' AND ("details" ? 'note' OR "details" ? 'answeredBy');
