-- The Orleans ADO.NET providers' query table (from dotnet/orleans, src/AdoNet/Shared/PostgreSQL-Main.sql, MIT).
-- Orleans issues only the queries stored here; the other scripts add theirs.
CREATE TABLE OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY(QueryKey)
);
