-- AlterTable
ALTER TABLE "MacvlanInterface" ADD COLUMN "ratesAt" DATETIME;
ALTER TABLE "MacvlanInterface" ADD COLUMN "rxBitsPerSecond" REAL;
ALTER TABLE "MacvlanInterface" ADD COLUMN "totalBitsPerSecond" REAL;
ALTER TABLE "MacvlanInterface" ADD COLUMN "txBitsPerSecond" REAL;

-- CreateIndex
CREATE INDEX "MacvlanInterface_totalBitsPerSecond_idx" ON "MacvlanInterface"("totalBitsPerSecond");

