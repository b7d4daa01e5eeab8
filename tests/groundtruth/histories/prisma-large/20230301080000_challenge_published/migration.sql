-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "isPublic" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "publishedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Challenge_tenantId_publishedAt_idx" ON "Challenge"("tenantId", "publishedAt");
