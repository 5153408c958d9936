-- CreateTable
CREATE TABLE "MetricsToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,

    CONSTRAINT "MetricsToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricsWorkerSnapshot" (
    "runId" TEXT NOT NULL,
    "metrics" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricsWorkerSnapshot_pkey" PRIMARY KEY ("runId")
);

-- CreateIndex
CREATE UNIQUE INDEX "MetricsToken_tokenHash_key" ON "MetricsToken"("tokenHash");

-- CreateIndex
CREATE INDEX "MetricsWorkerSnapshot_updatedAt_idx" ON "MetricsWorkerSnapshot"("updatedAt");

