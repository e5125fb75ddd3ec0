-- An offer's page names the cohort it leads to: the soonest reachable one that is not full
-- (`domain::cohort::cohort_led_to`). Enrolling in a cohort, leaving it or moving to another
-- changes how full it is, so it moves the board's version like a cohort's edit (0031; the
-- log's subject is the enrolment's id), and the offer pages kept in memory are rendered again.
CREATE TRIGGER board_version_enrolment_insert AFTER INSERT ON enrolments
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'cohortes', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_enrolment_update AFTER UPDATE OF cohort_id, state ON enrolments
    WHEN OLD.cohort_id <> NEW.cohort_id OR OLD.state <> NEW.state
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'cohortes', NEW.id FROM board_version;
END;

CREATE TRIGGER board_version_enrolment_delete AFTER DELETE ON enrolments
BEGIN
    UPDATE board_version SET version = version + 1;
    INSERT INTO board_changes (version, kind, subject) SELECT version, 'cohortes', OLD.id FROM board_version;
END;
