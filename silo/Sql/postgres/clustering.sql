-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.x) on PostgreSQL 15+:
-- the membership table the silos keep, and the gateway list clients read.
--
-- Driver: Npgsql, invariant "Npgsql".
-- Idempotent and safe against a live cluster: it only creates what is missing and refreshes the
-- stored queries; nothing is dropped. Apply it in one transaction (SqlSchema does; by hand:
-- psql --single-transaction -f clustering.sql).
--
-- The provider's contract (Orleans.Clustering.AdoNet.Storage.RelationalOrleansQueries):
--   * Silos and clients load every row of OrleansQuery (SELECT QueryKey, QueryText FROM OrleansQuery)
--     and refuse to start unless all keys below are present; CleanupDefunctSiloEntryKey is optional.
--   * A cluster is a DeploymentId (ClusterOptions.ClusterId) with a table version row. Readers get
--     one row per silo, each carrying the table Version, or a single row with NULL silo columns when
--     the cluster has no silo yet (StartTime NULL means "no entry").
--   * InsertMembershipKey and UpdateMembershipKey get Version = the table version the caller read.
--     They succeed only if it is still current, and then advance it by one. They return one row
--     with one boolean column; so does InsertMembershipVersionKey.
--   * Status is Orleans.Runtime.SiloStatus as an integer: 3 = Active, 6 = Dead.
--   * SuspectTimes is Orleans' own text encoding of the suspicion votes, stored as given.
-- The provider opens a connection per call and runs no transaction, so each query is one statement.

-- Silos starting together apply this script at once; concurrent CREATE ... IF NOT EXISTS can still
-- collide in the catalog, so schema scripts take turns (same key in every script of this folder).
SELECT pg_advisory_xact_lock(7285417730518329345);

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansMembershipVersion
(
    DeploymentId text        NOT NULL PRIMARY KEY,
    Version      integer     NOT NULL DEFAULT 0,
    ModifiedOn   timestamptz NOT NULL DEFAULT now()  -- for operators, not read by Orleans
);

CREATE TABLE IF NOT EXISTS OrleansMembership
(
    DeploymentId text        NOT NULL REFERENCES OrleansMembershipVersion (DeploymentId) ON DELETE CASCADE,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NULL,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Called by every silo at start; true only for the silo that created the version row.
    'InsertMembershipVersionKey',
    $query$
    WITH inserted AS
    (
        INSERT INTO OrleansMembershipVersion (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*) > 0 FROM inserted
    $query$
),
(
    'MembershipReadAllKey',
    $query$
    SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime
    FROM OrleansMembershipVersion v
    LEFT JOIN OrleansMembership m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId
    $query$
),
(
    'MembershipReadRowKey',
    $query$
    SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime
    FROM OrleansMembershipVersion v
    LEFT JOIN OrleansMembership m ON m.DeploymentId = v.DeploymentId
        AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId
    $query$
),
(
    -- The version row is claimed first: its row lock orders concurrent writers, and a writer that
    -- read an older version matches nothing. The silo must not be in the table yet: every insert
    -- advances the version, so that check cannot be overtaken by another writer.
    'InsertMembershipKey',
    $query$
    WITH claimed AS
    (
        UPDATE OrleansMembershipVersion
        SET Version = Version + 1, ModifiedOn = now()
        WHERE DeploymentId = @DeploymentId AND Version = @Version
          AND NOT EXISTS (SELECT 1 FROM OrleansMembership
                          WHERE DeploymentId = @DeploymentId AND Address = @Address
                            AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    inserted AS
    (
        INSERT INTO OrleansMembership
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
             StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
               @StartTime, @IAmAliveTime
        FROM claimed
        RETURNING 1
    )
    SELECT count(*) > 0 FROM inserted
    $query$
),
(
    'UpdateMembershipKey',
    $query$
    WITH claimed AS
    (
        UPDATE OrleansMembershipVersion
        SET Version = Version + 1, ModifiedOn = now()
        WHERE DeploymentId = @DeploymentId AND Version = @Version
          AND EXISTS (SELECT 1 FROM OrleansMembership
                      WHERE DeploymentId = @DeploymentId AND Address = @Address
                        AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    updated AS
    (
        UPDATE OrleansMembership m
        SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
        FROM claimed
        WHERE m.DeploymentId = claimed.DeploymentId
          AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
        RETURNING 1
    )
    SELECT count(*) > 0 FROM updated
    $query$
),
(
    -- The heartbeat: not a membership change, so the table version stays.
    'UpdateIAmAlivetimeKey',
    $query$
    UPDATE OrleansMembership
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address AND Port = @Port AND Generation = @Generation
    $query$
),
(
    -- Clients: the active silos that accept client connections.
    'GatewaysQueryKey',
    $query$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembership
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
    $query$
),
(
    -- The silo rows go with the version row (ON DELETE CASCADE).
    'DeleteMembershipTableEntriesKey',
    $query$
    DELETE FROM OrleansMembershipVersion WHERE DeploymentId = @DeploymentId
    $query$
),
(
    -- Bulk form: dead silos not heard from since @IAmAliveTime.
    'CleanupDefunctSiloEntriesKey',
    $query$
    DELETE FROM OrleansMembership
    WHERE DeploymentId = @DeploymentId AND Status = 6 AND IAmAliveTime < @IAmAliveTime
    $query$
),
(
    -- Per-row form, preferred by Orleans when present: deletes a dead silo's row only if it still
    -- holds the values Orleans judged it by. An empty vote list may come back as NULL or ''.
    'CleanupDefunctSiloEntryKey',
    $query$
    DELETE FROM OrleansMembership
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address AND Port = @Port AND Generation = @Generation
      AND Status = 6 AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
      AND coalesce(SuspectTimes, '') = coalesce(@SuspectTimes, '')
    $query$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText
WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
