-- Facts about the database itself, one row each (issue 20). `demo` marks a database made by
-- `msp demo` or `msp serve --demo`: its pages say so, and only there are the demonstration's
-- accounts created; `msp demo` refuses a database that holds data without this mark.
CREATE TABLE platform_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
