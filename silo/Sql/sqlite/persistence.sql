-- Orleans ADO.NET grain persistence (Microsoft.Orleans.Persistence.AdoNet 10.x) on SQLite.
--
-- Driver: Microsoft.Data.Sqlite, which Orleans loads for the invariant "System.Data.SQLite".
-- Idempotent: applied on every silo start. Statements only create what is missing and refresh the
-- stored queries; no statement drops or rewrites grain state.
--
-- The provider's contract (Orleans.Storage.AdoNetGrainStorage):
--   * At start it runs: SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey IN (the keys below).
--   * Every query gets the parameters GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
--     GrainIdExtensionString (NULL for integer/GUID keys without extension), ServiceId; writes and
--     clears also GrainStateVersion (the grain's ETag as an integer, NULL before the first write) and
--     writes PayloadBinary (the serialized state).
--   * ReadFromStorageKey returns zero or one row with columns PayloadBinary and Version.
--   * WriteToStorageKey returns one row with NewGrainStateVersion, or no row when the ETag does not
--     match: Orleans then raises InconsistentStateException.
--   * ClearStorageKey / DeleteStorageKey return the new version in their first column, or no row on
--     an ETag mismatch. DeleteStorageKey is only used with AdoNetGrainStorageOptions.DeleteStateOnClear.
-- The provider opens a connection per call and runs no transaction, so each query must be atomic
-- on its own: every mutation below is a single statement guarded by the expected version.

-- WAL lets readers run while a grain writes. The journal mode is stored in the database file, so
-- setting it once here holds for every later connection. (It cannot change inside a transaction,
-- which is why this script is applied statement by statement, not wrapped in one.)
PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    ServiceId              TEXT    NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    PayloadBinary          BLOB    NULL,     -- NULL after a clear: the row keeps the version going
    Version                INTEGER NOT NULL,
    ModifiedOn             TEXT    NOT NULL  -- UTC, ISO 8601; for operators, not read by Orleans
);

-- One row per grain. The hashes come first so lookups seek on two integers. A NULL extension
-- (integer/GUID keys) must still collide with itself, and SQLite treats NULLs in a unique index as
-- distinct, so the extension is indexed as an empty BLOB when NULL (a BLOB never equals TEXT).
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Grain ON OrleansStorage
(
    GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
    ifnull(GrainIdExtensionString, x'')
);

-- The stored queries. synchronous = NORMAL is per connection and Orleans opens its own pooled
-- connections, so the mutations set it themselves: with WAL it keeps the database consistent on
-- power loss and only risks the last commits, while saving an fsync on every write.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    'SELECT PayloadBinary, Version
     FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS @GrainIdExtensionString;'
),
(
    'WriteToStorageKey',
    -- One statement, so one commit: the row is inserted on the first write (no version yet) and
    -- otherwise updated only when the stored version is the one the grain read. Any other case
    -- (a first write racing another, a stale version, a row that vanished) returns no row.
    'PRAGMA synchronous = NORMAL;
     INSERT INTO OrleansStorage
         (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
          GrainIdExtensionString, PayloadBinary, Version, ModifiedOn)
     SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
            @GrainIdExtensionString, @PayloadBinary, 1, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
     WHERE @GrainStateVersion IS NULL
        OR EXISTS (SELECT 1 FROM OrleansStorage
                   WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
                     AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
                     AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
                     AND GrainIdExtensionString IS @GrainIdExtensionString)
     ON CONFLICT (GrainIdHash, GrainTypeHash, ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
                  ifnull(GrainIdExtensionString, x''''))
     DO UPDATE SET PayloadBinary = excluded.PayloadBinary, Version = Version + 1,
                   ModifiedOn = excluded.ModifiedOn
     WHERE Version = @GrainStateVersion
     RETURNING Version AS NewGrainStateVersion;'
),
(
    -- Clearing keeps the row with a NULL payload and a new version, so the grain's next write
    -- still goes through the version check.
    'ClearStorageKey',
    'PRAGMA synchronous = NORMAL;
     UPDATE OrleansStorage
     SET PayloadBinary = NULL, Version = Version + 1,
         ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS @GrainIdExtensionString
       AND Version = @GrainStateVersion
     RETURNING Version;'
),
(
    -- Orleans only needs a value different from the old ETag; the next write starts again at 1.
    'DeleteStorageKey',
    'PRAGMA synchronous = NORMAL;
     DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS @GrainIdExtensionString
       AND Version = @GrainStateVersion
     RETURNING Version + 1;'
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText
WHERE QueryText IS NOT excluded.QueryText;
