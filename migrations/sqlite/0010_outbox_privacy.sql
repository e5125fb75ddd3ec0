-- Mail waiting in the outbox is sealed with the documents' key (src/db/outbox.rs): the payload
-- (address, subject, text, HTML, attachment, unsubscribe link) lives in `sealed`, and the old
-- plain columns stay empty. Once a message is sent or abandoned, only metadata remain: when,
-- how many attempts, what kind, and whom it concerns, so that erasure finds every message
-- to or about a person.
ALTER TABLE mail_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN concerns_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE mail_outbox ADD COLUMN concerns_application_id INTEGER REFERENCES applications (id) ON DELETE CASCADE;
ALTER TABLE mail_outbox ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN sealed BLOB;
ALTER TABLE mail_outbox ADD COLUMN abandoned_at TEXT;
CREATE INDEX mail_outbox_concerns_user ON mail_outbox (concerns_user_id);
CREATE INDEX mail_outbox_concerns_application ON mail_outbox (concerns_application_id);

-- What was already sent keeps no body and no address.
UPDATE mail_outbox SET recipient = '', subject = '', body_text = '', body_html = '', attachment_name = '',
    attachment_type = '', attachment_body = '', list_unsubscribe = NULL, last_error = NULL
    WHERE sent_at IS NOT NULL;

-- The audit log stays append-only, with one exception: erasure replaces a person's address by a
-- keyed pseudonym and drops the IP of their own rows (src/db/audit.rs). Nothing else may change.
DROP TRIGGER audit_log_append_only;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
    WHEN NOT (
        NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
        AND NEW.target_kind = OLD.target_kind AND NEW.detail = OLD.detail
        AND (NEW.actor_id IS OLD.actor_id OR NEW.actor_id IS NULL)
        AND (NEW.actor_email = OLD.actor_email OR NEW.actor_email GLOB 'personne-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]')
        AND (NEW.target_id = OLD.target_id OR NEW.target_id GLOB 'personne-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]')
        AND (NEW.ip = OLD.ip OR NEW.ip = '')
    )
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
