import GRDB

extension StationStore {
    /// Versioned schema. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

                CREATE TABLE orders (
                    number TEXT PRIMARY KEY NOT NULL,
                    customer TEXT NOT NULL,
                    source TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE order_lines (
                    order_number TEXT NOT NULL REFERENCES orders(number) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    sku TEXT NOT NULL,
                    gtin TEXT NOT NULL,
                    description TEXT NOT NULL,
                    quantity INTEGER NOT NULL CHECK (quantity >= 0),
                    unit_price_minor INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    tax_rate_bp INTEGER NOT NULL,
                    lot TEXT,
                    returnable INTEGER NOT NULL,
                    delivered_on TEXT NOT NULL,
                    return_days INTEGER NOT NULL,
                    -- returned before, as the ledger or the import file knows it (not this station's notes)
                    returned_elsewhere INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (order_number, line)
                );
                CREATE INDEX order_lines_gtin ON order_lines(gtin);
                CREATE TABLE order_serials (
                    order_number TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    serial TEXT NOT NULL,
                    returned_elsewhere INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (order_number, line, serial),
                    FOREIGN KEY (order_number, line) REFERENCES order_lines(order_number, line) ON DELETE CASCADE
                );

                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY NOT NULL,
                    lane TEXT NOT NULL,
                    order_number TEXT NOT NULL REFERENCES orders(number),
                    rma_number TEXT,
                    operator TEXT,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
                    opened_at INTEGER NOT NULL,
                    ended_at INTEGER,
                    default_condition TEXT NOT NULL,
                    default_reason TEXT NOT NULL,
                    default_disposition TEXT NOT NULL,
                    pending_quantity INTEGER
                );
                -- at most one open session per lane
                CREATE UNIQUE INDEX sessions_open_lane ON sessions(lane) WHERE status = 'open';

                CREATE TABLE scans (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    device TEXT NOT NULL,
                    lane TEXT NOT NULL,
                    raw BLOB NOT NULL,
                    text TEXT NOT NULL,
                    symbology TEXT,
                    kind TEXT NOT NULL,
                    gtin TEXT,
                    serial TEXT,
                    lot TEXT,
                    expiry TEXT,
                    outcome TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    session_id TEXT REFERENCES sessions(id),
                    order_number TEXT,
                    line INTEGER,
                    quantity INTEGER NOT NULL,
                    operator TEXT,
                    scanned_at INTEGER NOT NULL,
                    monotonic_ns INTEGER NOT NULL
                );
                CREATE INDEX scans_session ON scans(session_id);
                -- the journal is append-only
                CREATE TRIGGER scans_no_update BEFORE UPDATE ON scans BEGIN SELECT RAISE(ABORT, 'the scan journal is append-only'); END;
                CREATE TRIGGER scans_no_delete BEFORE DELETE ON scans BEGIN SELECT RAISE(ABORT, 'the scan journal is append-only'); END;

                CREATE TABLE session_items (
                    scan_id TEXT PRIMARY KEY NOT NULL REFERENCES scans(id),
                    session_id TEXT NOT NULL REFERENCES sessions(id),
                    line INTEGER NOT NULL,
                    gtin TEXT NOT NULL,
                    quantity INTEGER NOT NULL CHECK (quantity > 0),
                    serial TEXT,
                    lot TEXT,
                    expiry TEXT,
                    condition TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    disposition TEXT NOT NULL,
                    undone INTEGER NOT NULL DEFAULT 0
                );
                -- items keep their scan order by rowid (an upsert keeps the rowid)
                CREATE INDEX session_items_session ON session_items(session_id);

                CREATE TABLE lane_operators (lane TEXT PRIMARY KEY NOT NULL, operator TEXT);

                CREATE TABLE duplicate_reads (
                    device TEXT NOT NULL,
                    epc TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    last_at INTEGER NOT NULL,
                    PRIMARY KEY (device, epc)
                );

                CREATE TABLE exceptions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    scan_seq INTEGER NOT NULL REFERENCES scans(seq),
                    session_id TEXT REFERENCES sessions(id),
                    order_number TEXT,
                    outcome TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected')),
                    decided_by TEXT,
                    decided_at INTEGER,
                    created_at INTEGER NOT NULL
                );

                CREATE TABLE return_notes (
                    id TEXT PRIMARY KEY NOT NULL,
                    number TEXT NOT NULL UNIQUE,
                    sequence INTEGER NOT NULL UNIQUE,
                    session_id TEXT NOT NULL UNIQUE REFERENCES sessions(id),
                    order_number TEXT NOT NULL,
                    rma_number TEXT,
                    customer TEXT NOT NULL,
                    lane TEXT NOT NULL,
                    operator TEXT,
                    closed_at INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    refund_total_minor INTEGER NOT NULL
                );
                CREATE TABLE return_lines (
                    note_id TEXT NOT NULL REFERENCES return_notes(id),
                    position INTEGER NOT NULL,
                    order_line INTEGER NOT NULL,
                    sku TEXT NOT NULL,
                    gtin TEXT NOT NULL,
                    description TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    condition TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    disposition TEXT NOT NULL,
                    serials TEXT NOT NULL,
                    lots TEXT NOT NULL,
                    unit_price_minor INTEGER NOT NULL,
                    tax_rate_bp INTEGER NOT NULL,
                    gross_minor INTEGER NOT NULL,
                    fee_minor INTEGER NOT NULL,
                    tax_minor INTEGER NOT NULL,
                    refund_minor INTEGER NOT NULL,
                    PRIMARY KEY (note_id, position)
                );
                CREATE INDEX return_notes_order ON return_notes(order_number);
                -- a serial goes back at most once per order line at this station
                CREATE TABLE return_serials (
                    note_id TEXT NOT NULL REFERENCES return_notes(id),
                    order_number TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    serial TEXT NOT NULL,
                    UNIQUE (order_number, line, serial)
                );

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    note_id TEXT NOT NULL UNIQUE REFERENCES return_notes(id),
                    session_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    next_attempt_at INTEGER,
                    delivered_at INTEGER
                );
                """)
        }
        migrator.registerMigration("v2-ledger-sync") { db in
            try db.execute(sql: """
                -- units per order line an RMA authorised, as "line:units,line:units"
                ALTER TABLE sessions ADD COLUMN authorised TEXT;
                -- what the ledger accepted of each note line (NULL until the note is delivered)
                ALTER TABLE return_lines ADD COLUMN accepted_quantity INTEGER;
                ALTER TABLE return_notes ADD COLUMN ledger_status TEXT;
                ALTER TABLE return_notes ADD COLUMN credit_note TEXT;
                -- a note the ledger refused outright (409, 422, 403): kept, shown, not retried
                ALTER TABLE outbox ADD COLUMN failed_permanently INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE rmas (
                    number TEXT PRIMARY KEY NOT NULL,
                    order_number TEXT NOT NULL REFERENCES orders(number),
                    status TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    remaining TEXT NOT NULL,
                    fetched_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-exception-quantity") { db in
            try db.execute(sql: """
                -- the units the refused scan asked for (QTY:n), so an approval counts what the operator scanned
                ALTER TABLE exceptions ADD COLUMN quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0);
                """)
        }
        migrator.registerMigration("v4-refund-policy-and-overrides") { db in
            try db.execute(sql: """
                -- a supervisor's approval of a refused item: the rule set aside, who, when, which exception
                ALTER TABLE session_items ADD COLUMN override_rule TEXT;
                ALTER TABLE session_items ADD COLUMN override_by TEXT;
                ALTER TABLE session_items ADD COLUMN override_at INTEGER;
                ALTER TABLE session_items ADD COLUMN override_exception INTEGER;
                ALTER TABLE return_lines ADD COLUMN override_rule TEXT;
                ALTER TABLE return_lines ADD COLUMN override_by TEXT;
                ALTER TABLE return_lines ADD COLUMN override_at INTEGER;
                ALTER TABLE return_lines ADD COLUMN override_exception INTEGER;
                -- the refund policy (RefundPolicy.id) the note was priced by; NULL for notes stored before v4
                ALTER TABLE return_notes ADD COLUMN refund_policy TEXT;
                """)
        }
        migrator.registerMigration("v5-gauge-indexes") { db in
            try db.execute(sql: """
                -- StoreGauges counts these after each commit that changes them: only the waiting notes and the open
                -- exceptions, never the years of delivered and decided ones
                CREATE INDEX outbox_waiting ON outbox(failed_permanently) WHERE delivered_at IS NULL;
                CREATE INDEX exceptions_open ON exceptions(id) WHERE status = 'open';
                """)
        }
        migrator.registerMigration("v6-journal-archive") { db in
            try db.execute(sql: """
                -- One gzip member appended to a monthly archive file (docs/RELIABILITY.md, "A disk that never fills").
                -- A member counts only once its row is here: the bytes after a file's last member are an archive
                -- run that did not commit, and the next run cuts them off.
                CREATE TABLE archive_members (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    file TEXT NOT NULL,
                    offset INTEGER NOT NULL CHECK (offset >= 0),
                    length INTEGER NOT NULL CHECK (length > 0),
                    records INTEGER NOT NULL CHECK (records > 0),
                    first_seq INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL,
                    first_at INTEGER NOT NULL,
                    last_at INTEGER NOT NULL,
                    -- the checksum chain after this member's last record
                    head TEXT NOT NULL,
                    archived_at INTEGER NOT NULL,
                    UNIQUE (file, offset)
                );
                CREATE INDEX archive_members_last_seq ON archive_members(last_seq);
                -- Runs of consecutive seqs each member holds; they never overlap (a run breaks at every gap).
                CREATE TABLE archive_ranges (
                    member_id INTEGER NOT NULL REFERENCES archive_members(id),
                    first_seq INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL CHECK (last_seq >= first_seq)
                );
                CREATE UNIQUE INDEX archive_ranges_first ON archive_ranges(first_seq);
                -- Which members hold a session's scans, so a return's history is found by id, not by its clock.
                CREATE TABLE archive_session_members (
                    session_id TEXT NOT NULL,
                    member_id INTEGER NOT NULL REFERENCES archive_members(id),
                    PRIMARY KEY (session_id, member_id)
                ) WITHOUT ROWID;
                -- Every scan row removed makes SQLite look for exceptions referring to it (a foreign key).
                CREATE INDEX exceptions_scan_seq ON exceptions(scan_seq);
                -- The journal stays append-only: a scan row may leave only once an archive member recorded to hold
                -- it is (the last run starting at or below its seq reaches it).
                DROP TRIGGER scans_no_delete;
                CREATE TRIGGER scans_no_delete BEFORE DELETE ON scans
                WHEN NOT EXISTS (SELECT 1 FROM (SELECT last_seq FROM archive_ranges WHERE first_seq <= OLD.seq
                                                ORDER BY first_seq DESC LIMIT 1) WHERE last_seq >= OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'the scan journal is append-only: only archived scans leave it'); END;
                """)
        }
        return migrator
    }
}
