/// The ledger's schema, one numbered migration per change. Never edit an applied migration: add the next one.
///
/// Each migration is a list of single statements (PostgreSQL's extended protocol takes one statement at a time)
/// and runs in its own transaction with its `schema_migrations` row, so it is applied entirely or not at all.
enum LedgerMigrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "stations, orders, notes, stock, credit notes, RMAs", statements: [
            """
            CREATE TABLE stations (
                name text PRIMARY KEY CHECK (name <> ''),
                token_sha256 text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL DEFAULT now(),
                revoked_at timestamptz
            )
            """,
            // Single-row counters, locked with UPDATE … RETURNING inside the transaction that uses the value: a
            // rollback gives the number back, so credit-note numbers are gapless and feed cursors commit in order.
            "CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL)",
            "INSERT INTO counters (name, value) VALUES ('credit_note', 0), ('order_change', 0)",
            """
            CREATE TABLE orders (
                number text PRIMARY KEY,
                customer text NOT NULL,
                currency text NOT NULL,
                imported_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // The feed cursor of each order's latest change, apart from `orders` so that a note's transaction never
            // locks the order row an import locks first (imports: orders, lines, counters, feed; notes: lines,
            // counters, feed — one order, no deadlock).
            """
            CREATE TABLE order_feed (
                order_number text PRIMARY KEY REFERENCES orders (number),
                change_seq bigint NOT NULL UNIQUE
            )
            """,
            """
            CREATE TABLE order_lines (
                order_number text NOT NULL REFERENCES orders (number),
                line integer NOT NULL,
                sku text NOT NULL,
                gtin text NOT NULL,
                description text NOT NULL,
                quantity_sold integer NOT NULL CHECK (quantity_sold > 0),
                unit_price_minor bigint NOT NULL,
                tax_rate_bp integer NOT NULL,
                serials_sold text[] NOT NULL,
                lot text,
                returnable boolean NOT NULL,
                delivered_on date NOT NULL,
                return_days integer NOT NULL,
                quantity_returned integer NOT NULL DEFAULT 0,
                PRIMARY KEY (order_number, line),
                CONSTRAINT never_more_returned_than_sold CHECK (quantity_returned BETWEEN 0 AND quantity_sold)
            )
            """,
            """
            CREATE TABLE rmas (
                number text PRIMARY KEY,
                order_number text NOT NULL REFERENCES orders (number),
                created_by text NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                cancelled_at timestamptz
            )
            """,
            "CREATE SEQUENCE rma_numbers",
            """
            CREATE TABLE rma_lines (
                rma_number text NOT NULL REFERENCES rmas (number),
                order_line integer NOT NULL,
                quantity_authorised integer NOT NULL CHECK (quantity_authorised > 0),
                quantity_returned integer NOT NULL DEFAULT 0,
                PRIMARY KEY (rma_number, order_line),
                CHECK (quantity_returned BETWEEN 0 AND quantity_authorised)
            )
            """,
            """
            CREATE TABLE return_notes (
                id uuid PRIMARY KEY,
                station text NOT NULL REFERENCES stations (name),
                note_number text NOT NULL,
                order_number text NOT NULL,
                rma_number text,
                closed_at timestamptz NOT NULL,
                received_at timestamptz NOT NULL,
                body_sha256 text NOT NULL,
                body text NOT NULL,
                result text NOT NULL,
                credit_note_number text,
                UNIQUE (station, note_number)
            )
            """,
            // Accepted and refused parts of each note, for follow-up and analysis.
            """
            CREATE TABLE return_lines (
                note_id uuid NOT NULL REFERENCES return_notes (id),
                position integer NOT NULL,
                submitted_index integer NOT NULL,
                order_line integer NOT NULL,
                quantity integer NOT NULL,
                accepted boolean NOT NULL,
                refusal text,
                condition text NOT NULL,
                reason text NOT NULL,
                disposition text NOT NULL,
                serials text[] NOT NULL,
                lots text[] NOT NULL,
                refund_minor bigint NOT NULL,
                PRIMARY KEY (note_id, position)
            )
            """,
            // The backstop of "a serial is returned at most once": whatever the checks above it miss.
            """
            CREATE TABLE returned_serials (
                order_number text NOT NULL,
                order_line integer NOT NULL,
                serial text NOT NULL,
                note_id uuid NOT NULL REFERENCES return_notes (id),
                PRIMARY KEY (order_number, serial),
                FOREIGN KEY (order_number, order_line) REFERENCES order_lines (order_number, line)
            )
            """,
            """
            CREATE TABLE stock_movements (
                id bigserial PRIMARY KEY,
                note_id uuid NOT NULL REFERENCES return_notes (id),
                order_number text NOT NULL,
                order_line integer NOT NULL,
                sku text NOT NULL,
                gtin text NOT NULL,
                quantity integer NOT NULL CHECK (quantity > 0),
                location text NOT NULL,
                disposition text NOT NULL,
                serials text[] NOT NULL,
                lots text[] NOT NULL,
                created_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX stock_movements_note ON stock_movements (note_id)",
            """
            CREATE TABLE credit_notes (
                number text PRIMARY KEY,
                sequence bigint NOT NULL UNIQUE,
                note_id uuid NOT NULL UNIQUE REFERENCES return_notes (id),
                order_number text NOT NULL,
                customer text NOT NULL,
                currency text NOT NULL,
                gross_minor bigint NOT NULL,
                fee_minor bigint NOT NULL,
                tax_minor bigint NOT NULL,
                refund_minor bigint NOT NULL,
                refund_status text NOT NULL CHECK (refund_status IN ('pending', 'paid')),
                paid_at timestamptz,
                payment_reference text,
                created_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE credit_note_lines (
                credit_note_number text NOT NULL REFERENCES credit_notes (number),
                position integer NOT NULL,
                order_line integer NOT NULL,
                sku text NOT NULL,
                quantity integer NOT NULL,
                unit_price_minor bigint NOT NULL,
                tax_rate_bp integer NOT NULL,
                fee_bp integer NOT NULL,
                gross_minor bigint NOT NULL,
                fee_minor bigint NOT NULL,
                tax_minor bigint NOT NULL,
                refund_minor bigint NOT NULL,
                PRIMARY KEY (credit_note_number, position)
            )
            """,
        ]),
        // Station and ledger price a note by the same policy: every policy the ledger has served is kept by id, so a
        // note priced by yesterday's policy (a station offline over the change) is still priced as it was printed.
        // The built-in standard policy is known from the start: stations use it until they first reach the ledger.
        Migration(version: 2, name: "refund policies, operators, supervisor overrides", statements: [
            """
            CREATE TABLE refund_policies (
                id text PRIMARY KEY CHECK (id ~ '^rp-[0-9a-f]{16}$'),
                canonical text NOT NULL,
                first_served_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // RefundPolicy.standard, written out so this migration never changes (a test checks it still matches).
            """
            INSERT INTO refund_policies (id, canonical) VALUES ('rp-95d2e3875f1c9d80',
                'fees DAMAGED=5000 DEFECTIVE=0 MISSING_PARTS=2500 NEW=0 OPENED=1000; waived DAMAGED_IN_TRANSIT NOT_AS_DESCRIBED ORDER_ERROR QUALITY WRONG_ITEM_SENT')
            """,
            "ALTER TABLE return_notes ADD COLUMN operator_id text, ADD COLUMN refund_policy text",
            """
            ALTER TABLE return_lines ADD COLUMN override_rule text, ADD COLUMN override_by text,
                ADD COLUMN override_at timestamptz, ADD COLUMN override_exception bigint,
                ADD COLUMN override_honoured boolean,
                ADD CHECK ((override_rule IS NULL) = (override_honoured IS NULL))
            """,
        ]),
        // People and scripts beside the stations: customer service (RMAs), finance (credit notes, refunds) and
        // administrators, each with a bearer token stored as its SHA-256 like a station's (docs/SECURITY.md).
        Migration(version: 3, name: "credentials with roles", statements: [
            """
            CREATE TABLE credentials (
                name text PRIMARY KEY,
                role text NOT NULL CHECK (role IN ('customer-service', 'finance', 'admin')),
                token_sha256 text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL DEFAULT now(),
                revoked_at timestamptz
            )
            """,
        ]),
    ]

    static var latestVersion: Int { all.map(\.version).max() ?? 0 }
}
