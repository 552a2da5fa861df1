-- Orleans ADO.NET grain persistence (Microsoft.Orleans.Persistence.AdoNet 10.x) on PostgreSQL 15+.
--
-- Driver: Npgsql, invariant "Npgsql".
-- Idempotent and safe against a live database: it only creates what is missing and refreshes the
-- stored queries; nothing is dropped or rewritten. Apply it in one transaction (SqlSchema does;
-- by hand: psql --single-transaction -f persistence.sql).
--
-- The provider's contract (Orleans.Storage.AdoNetGrainStorage):
--   * At start it runs: SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey IN (the keys below).
--     Unquoted names, so every identifier here is unquoted too (PostgreSQL folds them to lower case;
--     Npgsql finds result columns case-insensitively).
--   * Every query gets the parameters GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
--     GrainIdExtensionString (NULL for integer/GUID keys without extension), ServiceId; writes and
--     clears also GrainStateVersion (the grain's ETag as an integer, NULL before the first write) and
--     writes PayloadBinary (the serialized state).
--   * ReadFromStorageKey returns zero or one row with columns PayloadBinary and Version.
--   * WriteToStorageKey returns one row with NewGrainStateVersion, or no row when the ETag does not
--     match: Orleans then raises InconsistentStateException.
--   * ClearStorageKey / DeleteStorageKey return the new version in their first column, or no row on
--     an ETag mismatch. DeleteStorageKey is only used with AdoNetGrainStorageOptions.DeleteStateOnClear.
-- The provider opens a connection per call and runs no transaction, so each query is one statement.

-- Silos starting together apply this script at once; concurrent CREATE ... IF NOT EXISTS can still
-- collide in the catalog, so schema scripts take turns (same key in every script of this folder).
SELECT pg_advisory_xact_lock(7285417730518329345);

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer     NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    ServiceId              text        NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainIdExtensionString text        NULL,
    PayloadBinary          bytea       NULL,  -- NULL after a clear: the row keeps the version going
    Version                integer     NOT NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),  -- for operators, not read by Orleans
    -- One row per grain; the hashes come first so lookups seek on two integers. NULLS NOT DISTINCT
    -- (PostgreSQL 15) makes a NULL extension collide with itself. Declared inline so re-running the
    -- script takes no lock on a table in use.
    CONSTRAINT OrleansStorage_Grain UNIQUE NULLS NOT DISTINCT
        (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    $query$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    $query$
),
(
    -- A known version updates that version only; no version inserts version 1 unless the grain
    -- already has a row. At most one of the two branches returns a row.
    'WriteToStorageKey',
    $query$
    WITH updated AS
    (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary, Version = Version + 1, ModifiedOn = now()
        WHERE @GrainStateVersion IS NOT NULL
          AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
          AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
          AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
          AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
          AND Version = @GrainStateVersion
        RETURNING Version
    ),
    inserted AS
    (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
             GrainIdExtensionString, PayloadBinary, Version)
        SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
               @GrainIdExtensionString, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version
    )
    SELECT Version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT Version FROM inserted
    $query$
),
(
    -- Clearing keeps the row with a NULL payload and a new version, so the grain's next write
    -- still goes through the version check.
    'ClearStorageKey',
    $query$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = now()
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
    $query$
),
(
    -- Orleans only needs a value different from the old ETag; the next write starts again at 1.
    'DeleteStorageKey',
    $query$
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText
WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
