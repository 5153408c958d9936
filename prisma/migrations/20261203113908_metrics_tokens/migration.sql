-- CreateTable
CREATE TABLE "MetricsToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "revokedById" TEXT
);

-- CreateTable
CREATE TABLE "MetricsWorkerSnapshot" (
    "runId" TEXT NOT NULL PRIMARY KEY,
    "metrics" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "MetricsToken_tokenHash_key" ON "MetricsToken"("tokenHash");

-- CreateIndex
CREATE INDEX "MetricsWorkerSnapshot_updatedAt_idx" ON "MetricsWorkerSnapshot"("updatedAt");

