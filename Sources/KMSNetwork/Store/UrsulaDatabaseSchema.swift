import GRDB

/// The store's schema, as append-only named migrations.
///
/// A migration that has shipped is never edited, reordered or removed: databases in the field
/// recorded its identifier as applied and will not run it again. A schema change is a new
/// migration appended at the end (and its identifier appended to ``identifiers``, which a test
/// pins). Each migration runs in its own transaction. Tables are `STRICT`, so SQLite refuses a
/// value of the wrong type instead of storing it.
enum UrsulaDatabaseSchema {
    /// Every migration identifier, in the order they run.
    static let identifiers = ["1-arrangements", "2-revocations", "3-reencryption-log"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        // One row per policy: the kFrag Alice sealed to this Ursula, and what serving it needs.
        // The expiration is optional: the policy ledger is the authority on it, and an arrangement
        // arrives without one.
        migrator.registerMigration("1-arrangements") { db in
            try db.execute(
                sql: """
                    CREATE TABLE arrangements (
                        hrac BLOB PRIMARY KEY NOT NULL CHECK (length(hrac) = 16),
                        publisher_verifying_key BLOB NOT NULL CHECK (length(publisher_verifying_key) = 33),
                        encrypted_kfrag BLOB NOT NULL,
                        expiration INTEGER,
                        accepted_at INTEGER NOT NULL
                    ) STRICT, WITHOUT ROWID
                    """)
        }

        // A revocation binds the kFrag together with the publisher that revoked it, as Ursula
        // checks it; the signed order is kept as evidence.
        migrator.registerMigration("2-revocations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE revocations (
                        id INTEGER PRIMARY KEY,
                        encrypted_kfrag BLOB NOT NULL,
                        publisher_verifying_key BLOB NOT NULL CHECK (length(publisher_verifying_key) = 33),
                        revocation_order BLOB NOT NULL,
                        revoked_at INTEGER NOT NULL,
                        UNIQUE (encrypted_kfrag, publisher_verifying_key)
                    ) STRICT
                    """)
        }

        // Served re-encryptions; AUTOINCREMENT so ids are never reused, even after pruning. Bob's
        // key and the request digest are there when the caller has the request at hand.
        migrator.registerMigration("3-reencryption-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reencryption_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        hrac BLOB NOT NULL CHECK (length(hrac) = 16),
                        bob_verifying_key BLOB CHECK (length(bob_verifying_key) = 33),
                        request_digest BLOB CHECK (length(request_digest) = 32),
                        capsule_count INTEGER NOT NULL CHECK (capsule_count > 0),
                        served_at INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX reencryption_log_by_hrac ON reencryption_log (hrac);
                    """)
        }
        return migrator
    }
}
