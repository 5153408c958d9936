-- AlterTable
ALTER TABLE "ConfigBackup" ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedById" TEXT;

