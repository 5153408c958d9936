-- AlterTable
ALTER TABLE "MacvlanInterface" ADD COLUMN     "ratesAt" TIMESTAMP(3),
ADD COLUMN     "rxBitsPerSecond" DOUBLE PRECISION,
ADD COLUMN     "totalBitsPerSecond" DOUBLE PRECISION,
ADD COLUMN     "txBitsPerSecond" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "MacvlanInterface_totalBitsPerSecond_idx" ON "MacvlanInterface"("totalBitsPerSecond");

