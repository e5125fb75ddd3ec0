-- An offer's page names the cohort it leads to: the soonest reachable one that is not full
-- (`domain::cohort::cohort_led_to`). Enrolling in a cohort, leaving it or moving to another
-- changes how full it is, so it moves the board's version like a cohort's edit (0031; the
-- log's subject is the enrolment's id), and the offer pages kept in memory are rendered again.
CREATE TRIGGER board_version_enrolment_insert AFTER INSERT ON enrolments
    FOR EACH ROW EXECUTE FUNCTION board_change('cohortes');
CREATE TRIGGER board_version_enrolment_update AFTER UPDATE OF cohort_id, state ON enrolments
    FOR EACH ROW WHEN (OLD.cohort_id <> NEW.cohort_id OR OLD.state <> NEW.state)
    EXECUTE FUNCTION board_change('cohortes');
CREATE TRIGGER board_version_enrolment_delete AFTER DELETE ON enrolments
    FOR EACH ROW EXECUTE FUNCTION board_change('cohortes');
